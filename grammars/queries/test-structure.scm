; Classes and functions, for the test context and test scopes.
; Captures:
;   @class.def / @class.name / @class.bases   a class and its superclass list
;   @function.def / @function.name / @function.params   a function or method

(class_definition
  name: (identifier) @class.name
  superclasses: (argument_list)? @class.bases) @class.def

(function_definition
  name: (identifier) @function.name
  parameters: (parameters) @function.params) @function.def
