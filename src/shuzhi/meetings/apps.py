from django.apps import AppConfig

from shuzhi.core.navigation import NavItem


class MeetingsConfig(AppConfig):
    name = "shuzhi.meetings"
    label = "meetings"
    verbose_name = "述职评议会"
    navigation = [NavItem("述职评议会", "meetings:list", "meetings.view", order=40)]
    home_todos = "shuzhi.meetings.queries.home_todos"
    role_permissions = {
        "meetings.view": {"admin", "secretary", "reviewer", "host", "inspector", "viewer"},
        # Agenda, sign-in list, settings, tokens, opening and closing the box.
        "meetings.manage": {"admin", "host"},
        # The superior's critique (点评) of each reporter.
        "meetings.critique": {"secretary"},
        # Other leaders' comments.
        "meetings.comment": {"secretary", "reviewer", "host"},
        # Typing paper ballots (two different clerks per slip).
        "meetings.clerk": {"admin", "host"},
        # The raw ballot export (no voter link) for recomputing the digest and the tally.
        "meetings.export": {"admin", "host", "viewer", "inspector"},
    }
    demo_builder = "shuzhi.meetings.demo.build_demo"
    demo_order = 30

    def ready(self) -> None:
        from shuzhi.meetings import receivers

        receivers.connect()
