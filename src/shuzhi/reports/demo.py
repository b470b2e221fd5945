def build_demo(*, seed: int) -> None:
    """Placeholder filled in below."""
    del seed
