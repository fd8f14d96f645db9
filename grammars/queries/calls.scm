; Every call with a plain callee, for rules that match callees against the knowledge base
; (server constructors, socket binds, HTTP clients).
; Captures:
;   @call.def      the call
;   @call.callee   the function expression
;   @call.args     the argument list

(call
  function: [(identifier) (attribute)] @call.callee
  arguments: (argument_list) @call.args) @call.def
