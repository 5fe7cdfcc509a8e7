-- A mark that every change to the contact tree renews, whoever writes it (operations, imports, later
-- migrations): the saved copy of the contact search index is valid only for the mark it was made at. The
-- mark is random, so a data file restored from a backup and changed again can never match an old copy.
CREATE TABLE change_mark (
    area TEXT PRIMARY KEY,
    changes INTEGER NOT NULL DEFAULT 0,
    mark TEXT NOT NULL
);
INSERT INTO change_mark (area, mark) VALUES ('contacts', lower(hex(randomblob(8))));

CREATE TRIGGER org_unit_insert_marks AFTER INSERT ON org_unit
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER org_unit_update_marks AFTER UPDATE ON org_unit
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER org_unit_delete_marks AFTER DELETE ON org_unit
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_insert_marks AFTER INSERT ON person
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_update_marks AFTER UPDATE ON person
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_delete_marks AFTER DELETE ON person
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_phone_insert_marks AFTER INSERT ON person_phone
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_phone_update_marks AFTER UPDATE ON person_phone
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_phone_delete_marks AFTER DELETE ON person_phone
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_tag_insert_marks AFTER INSERT ON person_tag
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_tag_update_marks AFTER UPDATE ON person_tag
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;

CREATE TRIGGER person_tag_delete_marks AFTER DELETE ON person_tag
BEGIN
    UPDATE change_mark SET changes = changes + 1, mark = lower(hex(randomblob(8))) WHERE area = 'contacts';
END;
