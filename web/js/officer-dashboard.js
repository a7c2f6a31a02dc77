// officer-dashboard.js: the officers' dashboard map (/admin/officers/dashboard). Reads the
// per-league numbers from the element's data-api, registers the league polygons from
// data-geo and draws an ECharts map coloured by registered officers or by readers brought;
// the buttons switch the metric. Everything is served by Tala (works offline).
'use strict';
(function () {
  const el = document.getElementById('officer-map');
  if (!el || typeof echarts === 'undefined') return;
  const chart = echarts.init(el);
  const labels = { officers: el.dataset.labelOfficers, readers: el.dataset.labelReaders };
  let rows = [];
  let metric = 'officers';

  function draw() {
    // the polygons are named in Chinese; the tooltip shows the page's language
    const data = rows.map((r) => ({ name: r.zh, value: r[metric], label: r.name }));
    const max = Math.max(1, ...data.map((d) => d.value));
    chart.setOption({
      tooltip: {
        trigger: 'item',
        formatter: (p) => (p.data ? p.data.label + ': ' + p.data.value : p.name),
      },
      visualMap: { min: 0, max: max, left: 'left', bottom: 10, calculable: true,
        text: [String(max), '0'] },
      series: [{ type: 'map', map: 'inner-mongolia', name: labels[metric], data: data,
        emphasis: { label: { show: true } } }],
    }, true);
    document.querySelectorAll('.map-switch button').forEach((b) =>
      b.setAttribute('aria-pressed', String(b.dataset.metric === metric)));
  }

  Promise.all([
    fetch(el.dataset.geo).then((r) => r.json()),
    fetch(el.dataset.api).then((r) => r.json()),
    fetch(el.dataset.api.replace(/lang=[a-z]+/, 'lang=zh')).then((r) => r.json()),
  ]).then(([geo, data, zh]) => {
    echarts.registerMap('inner-mongolia', geo);
    const zhName = {};
    zh.items.forEach((r) => { zhName[r.code] = r.name; });
    rows = data.items.map((r) => Object.assign({ zh: zhName[r.code] }, r));
    el.dataset.ready = 'true';
    draw();
  });
  document.querySelectorAll('.map-switch button').forEach((b) =>
    b.addEventListener('click', () => { metric = b.dataset.metric; draw(); }));
  window.addEventListener('resize', () => chart.resize());
})();
