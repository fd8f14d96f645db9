; `self.useFixture(...)` calls (testtools / oslotest / nova).
; Captures:
;   @use.call    the call
;   @use.arg     its first positional argument: usually `X(...)`, sometimes a variable

(call
  function: (attribute
    object: (identifier) @_self
    attribute: (identifier) @_method)
  arguments: (argument_list . (_) @use.arg)
  (#eq? @_self "self")
  (#eq? @_method "useFixture")) @use.call
