"""`python -m flows` = `ogi`."""
from .cli import app

app(prog_name="ogi")
