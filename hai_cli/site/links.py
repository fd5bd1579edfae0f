"""Where a link from a dossier may go: a file inside it that hai copied, or an http(s) URL."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def slug(text: str) -> str:
    """A folder name for a dossier's pages: lowercase letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "dossier"


def unique_slugs(displays: list[str]) -> list[str]:
    seen: set[str] = set()
    found = []
    for display in displays:
        base = slug(display)
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}-{n}"
        seen.add(name)
        found.append(name)
    return found


def web_url(value: str) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None."""
    text = value.strip()
    if any(c in text for c in "\x00\r\n\t "):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return text
    return None


def file_href(rel: str) -> str:
    """The URL of a file hai copied into the site (``rel``: a posix path it chose itself)."""
    return quote(rel, safe="/")


def link_target(value: str, copied: dict[str, str], base: str = "", prefix: str = "") -> str | None:
    """Where a link that a dossier wrote may point on the site, or None (shown as text).

    http(s) URLs are kept; a relative path is kept only when it names a file of the dossier
    that hai copied (``copied``: dossier path -> site path; ``base``: the folder in the
    dossier that ``value`` is relative to, ``prefix``: from the page to the dossier's folder on
    the site); every other scheme
    (``javascript:``, ``data:``, ``file:`` ...) and every path outside is dropped.
    """
    url = web_url(value)
    if url is not None:
        return url
    if _SCHEME.match(value) or value.startswith(("/", "\\")):
        return None
    path, _, fragment = value.partition("#")
    site = copied.get(normal_path(base + path))
    if site is None:
        return None
    return prefix + file_href(site) + (f"#{quote(fragment)}" if fragment else "")


def normal_path(path: str) -> str:
    parts: list[str] = []
    for part in path.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return ""
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)
