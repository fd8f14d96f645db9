; Scopes and statements, for the module summary: each call, assignment, return and yield is filed
; under the function whose body runs it (the innermost enclosing scope decides).
; Captures:
;   @body.scope.*     a scope: function, class (its body runs at import) or lambda (runs later)
;   @body.statement   an assignment, a return, or a yield (the expression and its keyword both,
;                     as the summary has always listed them)
;   @body.binding     an `as` pattern (`with open() as f`): the name its value is bound to

(function_definition) @body.scope.function
(class_definition) @body.scope.class
(lambda) @body.scope.lambda

(assignment) @body.statement
(return_statement) @body.statement
(yield) @body.statement
"yield" @body.statement

(as_pattern) @body.binding
