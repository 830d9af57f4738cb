-- Why a printed scale could not be parsed: 'truncated' (the text ends inside the definitions, so the
-- report may borrow its broker's nearest scale) or 'unreadable' (printed whole, wording not read).
-- NULL for parsed scales and for scales stored before this column.
ALTER TABLE rating_scales ADD COLUMN unparsed_reason TEXT;
