; Every string literal, for rules that judge a value wherever it appears (FL201 provider formats).
; A string inside an implicit concatenation also matches on its own; the extractor keeps the whole.
; Captures:
;   @string.literal   a string or an implicitly concatenated string

(concatenated_string) @string.literal
(string) @string.literal
