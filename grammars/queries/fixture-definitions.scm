; pytest fixture definitions: functions decorated with `@pytest.fixture`, `@pytest.fixture(...)`
; or a bare imported `@fixture`.
; Captures:
;   @fixture.def         the decorated definition
;   @fixture.decorator   the decorator expression
;   @fixture.name        the function name
;   @fixture.params      its parameters (fixtures it requests)

(decorated_definition
  (decorator
    [
      (identifier) @_d
      (attribute) @_d
      (call function: [(identifier) (attribute)] @_d)
    ]) @fixture.decorator
  definition: (function_definition
    name: (identifier) @fixture.name
    parameters: (parameters) @fixture.params)
  (#match? @_d "^(pytest\\.)?fixture$")) @fixture.def
