; Names and attributes bound to a value, for rules that follow a value one step back (FL203 SSL
; contexts, FL207 paths, FL208 fetched data). Tuple targets and augmented assignments are left out.
; Captures:
;   @assignment.def      the assignment, or the `with` item that binds with `as`
;   @assignment.target   the name or attribute bound
;   @assignment.value    the expression bound to it

(assignment
  left: [(identifier) (attribute)] @assignment.target
  right: (_) @assignment.value) @assignment.def

(with_item
  value: (as_pattern
    (_) @assignment.value
    alias: (as_pattern_target (identifier) @assignment.target))) @assignment.def
