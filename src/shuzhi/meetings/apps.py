from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "shuzhi.meetings"
    label = "meetings"
    verbose_name = "述职评议会"
