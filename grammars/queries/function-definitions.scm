; Every function definition, nested ones included, in document order: the functions whose
; parameters may name pytest fixtures.
; Captures:
;   @definition.function   the function definition

(function_definition) @definition.function
