from ninja import Router

router = Router(tags=["述职评议会"])
