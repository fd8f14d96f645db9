; Calls that patch something: mock.patch / patch.object / patch.dict / patch.multiple,
; fixtures.MockPatch / MockPatchObject / MonkeyPatch, monkeypatch.setattr / setitem / setenv,
; and nova-style self.stub_out. Which form a site takes (decorator, `with`, start()) is read
; from the call's parent in TypeScript.
; Captures:
;   @patch.call     the call
;   @patch.callee   its function expression (identifier or attribute chain)
;   @patch.args     the argument list

(call
  function: [(identifier) (attribute)] @patch.callee
  arguments: (argument_list) @patch.args
  (#match? @patch.callee "(^|\\.)(patch|patch\\.object|patch\\.dict|patch\\.multiple|MockPatch|MockPatchObject|MonkeyPatch|stub_out)$")) @patch.call

(call
  function: (attribute
    object: (identifier) @_mp
    attribute: (identifier) @_method) @patch.callee
  arguments: (argument_list) @patch.args
  (#eq? @_mp "monkeypatch")
  (#match? @_method "^(setattr|setitem|setenv|delattr|delitem|delenv|syspath_prepend|chdir)$")) @patch.call
