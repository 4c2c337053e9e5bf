"""RFC 6901 JSON Pointer tokens."""


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def join(*tokens: str | int) -> str:
    return "".join("/" + (escape(t) if isinstance(t, str) else str(t)) for t in tokens)
