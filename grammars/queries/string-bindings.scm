; String literals bound to a name: what Bandit B105-B107 / Ruff S105-S107 look at, and FL105/FL201.
; Captures:
;   @binding.name    the name (variable, attribute, keyword, parameter or dict key)
;   @binding.value   the string literal
;   @binding.kind.*  which form: assignment, keyword, default, compare, dict

(assignment
  left: [(identifier) (attribute)] @binding.name
  right: (string) @binding.value) @binding.kind.assignment

(keyword_argument
  name: (identifier) @binding.name
  value: (string) @binding.value) @binding.kind.keyword

(default_parameter
  name: (identifier) @binding.name
  value: (string) @binding.value) @binding.kind.default

(typed_default_parameter
  name: (identifier) @binding.name
  value: (string) @binding.value) @binding.kind.default

(comparison_operator
  . [(identifier) (attribute)] @binding.name
  . (string) @binding.value) @binding.kind.compare

(pair
  key: (string) @binding.name
  value: (string) @binding.value) @binding.kind.dict
