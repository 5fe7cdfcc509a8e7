"""通讯录 (core: dutyroom/contacts, dutyroom/org.py): the page, its dialogs, the shared search index and the
person picker every other area uses to name a person."""
