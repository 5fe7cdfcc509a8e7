"""What the program says about itself — version, data file, schema version, log folder — for
``dutyroom --version`` and the About box alike."""

from __future__ import annotations

from pathlib import Path

from dutyroom import APP_NAME, APP_TITLE, __version__
from dutyroom.paths import log_dir


def version_line() -> str:
    return f"{APP_NAME} {__version__}"


def facts(db_path: Path, schema_version: int, *, exists: bool = True) -> list[str]:
    """The data file (absolute; marked when it is not made yet), its schema version and the log folder."""
    path = Path(db_path).expanduser().absolute()
    return [
        f"数据文件：{path}" + ("" if exists else "（尚未创建）"),
        f"数据版本：{schema_version}",
        f"日志文件夹：{log_dir(path)}",
    ]


def about_text(db_path: Path, schema_version: int) -> str:
    return "\n".join([f"{APP_NAME} {APP_TITLE} {__version__}", "县级应急指挥中心值班值守软件。", "",
                      *facts(db_path, schema_version)])
