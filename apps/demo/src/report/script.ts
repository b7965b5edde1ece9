/**
 * The report's inline script: click a tick (any chart column, or an incident row) to highlight it
 * across the charts and list its events in the details panel; arrow keys step through ticks.
 * It reads the run's data from the page's JSON element and builds the panel (events per lane, then
 * each metric's stage and decision) with the DOM API
 * (text only, no HTML from data). No network, no timers.
 * Owns: the report's interactivity. Must not: hold data (render.ts embeds it).
 */
export const SCRIPT = `
(function () {
  'use strict';
  var source = document.getElementById('run-data');
  var panel = document.getElementById('details');
  if (!source || !panel) return;
  var data = JSON.parse(source.textContent || '{}');
  var ticks = data.ticks || [];
  var byTick = new Map(ticks.map(function (t) { return [t.tick, t]; }));
  var selected = null;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function count(n, noun) {
    return n + ' ' + noun + (n === 1 ? '' : 's');
  }

  function render(t) {
    panel.replaceChildren();
    if (!t) {
      panel.appendChild(el('p', 'Select a tick (click a column or an incident row; arrow keys step) to list its events.', 'empty'));
      return;
    }
    panel.appendChild(el('h3', 'Tick ' + t.tick + ' — ' + count(t.events, 'event') + ', ' + count(t.errors, 'error') + ', ' + count(t.skips, 'skip')));
    var grid = el('div', null, 'lanes');
    ['forecast', 'shadow'].forEach(function (lane) {
      var l = t.lanes[lane];
      var box = el('div');
      box.appendChild(el('strong', lane + ': ' + l.spent + ' of ' + l.available + ' ops spent'));
      var list = el('ol');
      l.events.forEach(function (e) {
        var item = el('li');
        item.appendChild(el('code', e.task));
        item.appendChild(document.createTextNode(' '));
        item.appendChild(el('span', e.label, 'badge st-' + e.status));
        item.appendChild(document.createTextNode(' ' + e.ops + ' ops' + (e.note ? ' — ' + e.note : '')));
        list.appendChild(item);
      });
      box.appendChild(list);
      grid.appendChild(box);
    });
    panel.appendChild(grid);
    if (t.metrics && t.metrics.length > 0) {
      var promo = el('ul', null, 'promotion');
      t.metrics.forEach(function (m) {
        var item = el('li');
        item.appendChild(el('code', m.metric));
        item.appendChild(document.createTextNode(' '));
        item.appendChild(el('span', m.stage, 'badge sg-' + m.stage));
        item.appendChild(document.createTextNode(' ' + m.decision + ': ' + m.reason));
        promo.appendChild(item);
      });
      panel.appendChild(promo);
    }
  }

  function select(tick) {
    document.querySelectorAll('.selected').forEach(function (n) { n.classList.remove('selected'); });
    selected = byTick.has(tick) ? tick : null;
    if (selected !== null) {
      document.querySelectorAll('[data-tick="' + selected + '"]').forEach(function (n) {
        if (n.classList.contains('tick-col') || n.classList.contains('incident')) n.classList.add('selected');
      });
    }
    panel.setAttribute('data-selected-tick', selected === null ? '' : String(selected));
    render(selected === null ? null : byTick.get(selected));
  }

  document.addEventListener('click', function (ev) {
    var target = ev.target;
    var hit = target && target.closest ? target.closest('.tick-col, .incident') : null;
    if (!hit) return;
    var tick = Number(hit.getAttribute('data-tick'));
    select(tick === selected ? null : tick);
    if (hit.classList.contains('incident') && selected !== null) panel.scrollIntoView({ block: 'nearest' });
  });

  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'ArrowLeft' && ev.key !== 'ArrowRight') return;
    if (ticks.length === 0) return;
    var i = ticks.findIndex(function (t) { return t.tick === selected; });
    var next = i < 0 ? 0 : Math.max(0, Math.min(ticks.length - 1, i + (ev.key === 'ArrowRight' ? 1 : -1)));
    select(ticks[next].tick);
    ev.preventDefault();
  });

  render(null);
})();
`;
