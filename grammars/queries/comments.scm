; Comments, for inline suppressions (`# fixture-lens: ignore[FL201] reason`, `# nosec`, `# noqa`).
; Captures:
;   @comment   the comment

(comment) @comment
