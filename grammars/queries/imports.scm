; Import statements, for the file's alias table.
; Captures:
;   @import.module   dotted name imported by `import a.b`
;   @import.alias    `as` name of `import a.b as c` / `from a import b as c`
;   @import.from     module of `from a import b` (dotted_name or relative_import)
;   @import.name     imported name of `from a import b`
;   @import.wildcard `*` of `from a import *`
;   @import.stmt     the whole statement

(import_statement name: (dotted_name) @import.module) @import.stmt
(import_statement name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.alias)) @import.stmt

(import_from_statement
  module_name: [(dotted_name) (relative_import)] @import.from
  name: (dotted_name) @import.name) @import.stmt
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @import.from
  name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.alias)) @import.stmt
(import_from_statement
  module_name: [(dotted_name) (relative_import)] @import.from
  (wildcard_import) @import.wildcard) @import.stmt
