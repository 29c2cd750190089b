"""Message templates: packaged Jinja2 files, each overridable from the data home.

A template lives at `<lang>/<kind>.<variant>.j2`. Its first line is `Subject: ...`,
then a blank line, then the body. A file with the same relative path under
`<data home>/templates/` wins over the packaged one.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from doorajar.errors import InvalidInput

PACKAGED = Path(str(resources.files("doorajar.drafts") / "templates"))
DEFAULT_VARIANT = "warm"


@dataclass(frozen=True)
class Rendered:
    """A filled template: its subject line and body."""

    subject: str
    body: str


class Templates:
    """The packaged templates with the user's overrides on top."""

    def __init__(self, override_dir: Path | None = None) -> None:
        self.override_dir = override_dir
        loaders: list[jinja2.BaseLoader] = []
        if override_dir is not None and override_dir.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(override_dir)))
        loaders.append(jinja2.FileSystemLoader(str(PACKAGED)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # plain-text email, never HTML
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def names(self) -> list[str]:
        """Every template path known, packaged or overridden, sorted."""
        return sorted(n for n in self.env.list_templates() if n.endswith(".j2"))

    def variants(self, lang: str, kind: str) -> list[str]:
        """The variants available for a kind in a language."""
        prefix = f"{lang}/{kind}."
        return sorted(n[len(prefix) : -3] for n in self.names() if n.startswith(prefix))

    def languages(self, kind: str) -> list[str]:
        """Languages that have at least one variant of a kind."""
        return sorted({n.split("/", 1)[0] for n in self.names() if f"/{kind}." in n})

    def pick(self, lang: str, kind: str, variant: str | None) -> tuple[str, str]:
        """The (lang, variant) to use: the language if it has the kind, else English."""
        if not self.variants(lang, kind):
            lang = "en"
        have = self.variants(lang, kind)
        if not have:
            raise InvalidInput(f"There is no template for '{kind}'.")
        if variant is None:
            return lang, DEFAULT_VARIANT if DEFAULT_VARIANT in have else have[0]
        if variant not in have:
            raise InvalidInput(
                f"No '{variant}' variant of '{kind}' in {lang}; choose one of: {', '.join(have)}."
            )
        return lang, variant

    def render(self, lang: str, kind: str, variant: str, values: dict[str, Any]) -> Rendered:
        """Fill one template; a broken override is a clear error naming its file and line."""
        name = f"{lang}/{kind}.{variant}.j2"
        try:
            text = self.env.get_template(name).render(**values)
        except jinja2.TemplateSyntaxError as exc:
            where = exc.filename or name
            raise InvalidInput(
                f"Template {where} line {exc.lineno}: {exc.message}. Fix or remove the file."
            ) from None
        except jinja2.UndefinedError as exc:
            raise InvalidInput(f"Template {self._path(name)}: {exc.message}.") from None
        return split(text)

    def _path(self, name: str) -> str:
        if self.override_dir is not None and (self.override_dir / name).is_file():
            return str(self.override_dir / name)
        return str(PACKAGED / name)


def split(text: str) -> Rendered:
    """Separate the `Subject:` line from the body."""
    first, _, rest = text.partition("\n")
    if first.lower().startswith("subject:"):
        return Rendered(first[len("subject:") :].strip(), rest.strip("\n").rstrip() + "\n")
    return Rendered("", text.strip("\n").rstrip() + "\n")
