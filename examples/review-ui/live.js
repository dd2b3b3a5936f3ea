/**
 * Live progress for both pages: a list item per deliverable showing its text
 * as the model writes it (docs/streaming.md). `liveProgress(list)` empties and
 * shows `list`, and returns the `onProgress` callback to give the client.
 */
export function liveProgress(list) {
  list.replaceChildren();
  list.hidden = false;
  const rows = new Map();
  const rowOf = (id, title) => {
    let row = rows.get(id);
    if (!row) {
      row = document.createElement('li');
      row.dataset.id = id;
      row.dataset.state = 'waiting';
      const head = document.createElement('div');
      head.className = 'live-head';
      head.textContent = title ?? id;
      const text = document.createElement('pre');
      text.className = 'live-text';
      row.append(head, text);
      list.append(row);
      rows.set(id, row);
    }
    return row;
  };
  return (event) => {
    if (event.type === 'run.started') for (const d of event.deliverables) rowOf(d.id, d.title);
    else if (event.type === 'deliverable.started') rowOf(event.id, event.title).dataset.state = 'writing';
    else if (event.type === 'deliverable.delta')
      rowOf(event.id).querySelector('.live-text').textContent += event.text;
    else if (event.type === 'deliverable.completed') rowOf(event.deliverable.id).dataset.state = 'done';
    else if (event.type === 'deliverable.failed') rowOf(event.id).dataset.state = 'failed';
  };
}
