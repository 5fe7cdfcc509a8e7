"""The shared kit every area builds its screens from: the page base, running an operation and showing its
refusal, tables, printouts and exports, background tasks, small form dialogs, the look.

Nothing here knows an area; nothing is imported by this file, so a page pays only for the parts it uses."""
