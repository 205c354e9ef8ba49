// Parse Mermaid texts with Mermaid's own parser and print what it read, as JSON.
//
// Run with the working directory holding node_modules/mermaid and node_modules/jsdom
// (npm install --prefix DIR mermaid@11 jsdom@26), the texts as JSON on standard input:
//   ["flowchart LR ...", ...]  ->  [{"error": null, "vertices": [[id, type, text]], "edges": [[from, to, text]],
//                                    "subgraphs": [[id, title, [node ids]]]}, ...]
// A text Mermaid cannot parse gives {"error": "<its message>"}.  jsdom gives Mermaid the DOM it needs.
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    await mermaid.parse(text);
    const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
    results.push({
      error: null,
      vertices: [...db.getVertices().values()].map((v) => [v.id, v.type, v.text]),
      edges: db.getEdges().map((e) => [e.start, e.end, e.text]),
      subgraphs: db.getSubGraphs().map((s) => [s.id, s.title, s.nodes]),
    });
  } catch (e) {
    results.push({ error: String(e.message || e) });
  }
}
process.stdout.write(JSON.stringify(results));
