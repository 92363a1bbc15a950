// The workflow studio's code editor. Monaco is large, so it is loaded only when the studio opens (from the files the
// BlazorMonaco package ships as static web assets, never a CDN); then the workflow JSON Schema is given to Monaco's
// JSON language for completion and hover, and our own validation's problems are shown as markers.
const studioEditor = (() => {
    let loading = null;
    const owner = 'consentflow';

    const load = src => new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error('Could not load ' + src));
        document.head.appendChild(script);
    });

    const until = (ready, timeoutMs) => new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
            if (ready()) resolve();
            else if (Date.now() - started > timeoutMs) reject(new Error('Monaco did not start'));
            else setTimeout(poll, 25);
        };
        poll();
    });

    const editorOf = id => window.blazorMonaco.editor.getEditor(id, true);

    return {
        ensureMonaco(schemaJson) {
            if (!loading) {
                const base = '_content/BlazorMonaco/';
                loading = (window.blazorMonaco ? Promise.resolve() : load(base + 'jsInterop.js'))
                    .then(() => load(base + 'lib/monaco-editor/min/vs/loader.js'))
                    .then(() => load(base + 'lib/monaco-editor/min/vs/editor/editor.main.js'))
                    .then(() => until(() => window.monaco && monaco.editor && monaco.languages && monaco.languages.json, 30000))
                    .then(() => {
                        monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
                            validate: true,
                            allowComments: true,
                            enableSchemaRequest: false,
                            schemas: [{ uri: 'https://consentflow.invalid/workflow.schema.json', fileMatch: ['*'], schema: JSON.parse(schemaJson) }],
                        });
                    })
                    .catch(error => { loading = null; throw error; });
            }
            return loading;
        },

        // problems: [{ startLine, startColumn, endLine, endColumn, message }]
        setMarkers(id, problems) {
            const editor = editorOf(id);
            if (!editor) return;
            monaco.editor.setModelMarkers(editor.getModel(), owner, problems.map(p => ({
                severity: monaco.MarkerSeverity.Error,
                startLineNumber: p.startLine, startColumn: p.startColumn,
                endLineNumber: p.endLine, endColumn: p.endColumn,
                message: p.message,
                source: 'ConsentFlow',
            })));
        },

        // Our markers only (Monaco's own schema markers have another owner), for tests and the status line.
        markers(id) {
            const editor = editorOf(id);
            if (!editor) return [];
            return monaco.editor.getModelMarkers({ owner, resource: editor.getModel().uri })
                .map(m => ({ line: m.startLineNumber, column: m.startColumn, message: m.message }));
        },

        reveal(id, line, column) {
            const editor = editorOf(id);
            if (!editor) return;
            editor.setPosition({ lineNumber: line, column });
            editor.revealLineInCenter(line);
            editor.focus();
        },

        cursor(id) {
            const position = editorOf(id)?.getPosition();
            return position ? { line: position.lineNumber, column: position.column } : null;
        },

        // Selects `word` inside the first occurrence of `context` (the studio's tests type over it as a person would).
        select(id, context, word) {
            const editor = editorOf(id);
            const model = editor?.getModel();
            const match = model?.findNextMatch(context, { lineNumber: 1, column: 1 }, false, true, null, false);
            if (!match) return null;
            const offset = context.indexOf(word);
            const start = model.getPositionAt(model.getOffsetAt(match.range.getStartPosition()) + offset);
            const end = model.getPositionAt(model.getOffsetAt(start) + word.length);
            editor.setSelection({ startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column });
            editor.revealLineInCenter(start.lineNumber);
            editor.focus();
            return start.lineNumber;
        },
    };
})();

// Imported as a module by the editor component; also on window so the studio's browser tests can read the markers.
window.studioEditor = studioEditor;
export const ensureMonaco = schemaJson => studioEditor.ensureMonaco(schemaJson);
export const setMarkers = (id, problems) => studioEditor.setMarkers(id, problems);
export const reveal = (id, line, column) => studioEditor.reveal(id, line, column);
