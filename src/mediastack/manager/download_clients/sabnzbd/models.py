"""SABnzbd API payloads, only the fields the managers read.

SABnzbd is loose with types: sizes in MB come as strings (``"1277.65"``), booleans as
``0``/``1`` or ``"0"``, category lists as an array or a comma-separated string depending on
the version. The validators normalise once here so the mapping code stays simple.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

PRIORITY_NAMES = {
    "-100": "Default",
    "-2": "Paused",
    "-1": "Low",
    "0": "Normal",
    "1": "High",
    "2": "Force",
}


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


def _to_float(value: Any) -> float:
    if value is None or value == "":
        return 0.0
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return 0.0


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _to_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]


Number = Annotated[float, BeforeValidator(_to_float)]
WholeNumber = Annotated[int, BeforeValidator(lambda v: int(_to_float(v)))]
Flag = Annotated[bool, BeforeValidator(_to_bool)]
NameList = Annotated[list[str], BeforeValidator(_to_list)]
Text = Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v))]


class SabnzbdQueueSlot(_Wire):
    nzo_id: str
    filename: str = ""
    cat: str = "*"
    mb: Number = 0.0  # total size, MB
    mbleft: Number = 0.0
    timeleft: str = "0:00:00"
    status: str = "Queued"
    priority: str = "Normal"
    percentage: Number = 0.0

    @field_validator("priority", mode="before")
    @classmethod
    def _priority_name(cls, value: Any) -> str:
        # SABnzbd 3+ sends the name; older versions the number.
        text = str(value)
        return PRIORITY_NAMES.get(text, text)


class SabnzbdQueue(_Wire):
    paused: Flag = False
    slots: list[SabnzbdQueueSlot] = Field(default_factory=list)


class SabnzbdHistorySlot(_Wire):
    nzo_id: str
    name: str = ""
    category: Text = "*"
    bytes: WholeNumber = 0  # total size, bytes
    status: str = ""
    fail_message: Text = ""
    storage: Text = ""  # final path of the job (folder, or a file inside it)
    download_time: WholeNumber = 0
    nzb_name: Text = ""


class SabnzbdHistory(_Wire):
    slots: list[SabnzbdHistorySlot] = Field(default_factory=list)


class SabnzbdCategory(_Wire):
    name: str
    dir: Text = ""  # relative to complete_dir, or absolute; a trailing * = no job folders
    priority: WholeNumber = -100
    pp: Text = ""
    script: Text = ""


class SabnzbdSorter(_Wire):
    name: str = ""
    is_active: Flag = False
    sort_cats: NameList = Field(default_factory=list)


class SabnzbdConfigMisc(_Wire):
    complete_dir: Text = ""
    tv_categories: NameList = Field(default_factory=list)
    enable_tv_sorting: Flag = False
    movie_categories: NameList = Field(default_factory=list)
    enable_movie_sorting: Flag = False
    date_categories: NameList = Field(default_factory=list)
    enable_date_sorting: Flag = False
    pre_check: Flag = False
    history_retention: Text = ""
    history_retention_option: Text = ""
    history_retention_number: WholeNumber = 0

    @property
    def removes_completed_downloads(self) -> bool:
        """SABnzbd drops finished jobs from its history by itself (the import may miss them).

        SABnzbd 4 says it with ``history_retention_option`` (``all`` keeps everything);
        older versions with ``history_retention`` (empty or ``0`` keeps everything).
        """
        option = self.history_retention_option.strip().lower()
        if option:
            return option != "all"
        return self.history_retention.strip() not in ("", "0")


class SabnzbdConfig(_Wire):
    misc: SabnzbdConfigMisc = Field(default_factory=SabnzbdConfigMisc)
    categories: list[SabnzbdCategory] = Field(default_factory=list)
    sorters: list[SabnzbdSorter] = Field(default_factory=list)
