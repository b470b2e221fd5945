from ninja import Router

router = Router(tags=["日常纪实"])
