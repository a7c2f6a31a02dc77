/* quiz-stats.js: draws a quiz campaign's statistics page (/admin/quiz/campaigns/:id/stats)
 * with ECharts (served from /static/vendor, npm): the map of Inner Mongolia's 12 leagues
 * coloured by participants (geo data from /static/geo, no network needed), attempts per
 * day and the score distribution. The numbers come from #quiz-map's data-stats attribute. */
(function () {
	'use strict';
	var el = document.getElementById('quiz-map');
	if (!el || typeof echarts === 'undefined') return;
	var data = JSON.parse(el.getAttribute('data-stats'));
	var max = 1;
	data.leagues.forEach(function (l) { if (l.participants > max) max = l.participants; });
	fetch('/static/geo/inner-mongolia-leagues.json').then(function (r) {
		return r.json();
	}).then(function (geo) {
		echarts.registerMap('inner-mongolia', geo);
		var map = echarts.init(el);
		var labels = {};
		data.leagues.forEach(function (l) { labels[l.name] = l.label; });
		map.setOption({
			tooltip: {
				trigger: 'item',
				formatter: function (p) {
					return (labels[p.name] || p.name) + '<br>' + data.labels.participants + ': ' +
						(p.value || 0);
				}
			},
			visualMap: { min: 0, max: max, calculable: true, left: 'left', bottom: 10 },
			series: [{
				type: 'map', map: 'inner-mongolia', roam: false,
				label: { show: true, formatter: function (p) { return labels[p.name] || p.name; } },
				data: data.leagues.map(function (l) { return { name: l.name, value: l.participants }; })
			}]
		});
		el.setAttribute('data-rendered', '1');
	});
	var days = document.getElementById('quiz-days');
	if (days) {
		echarts.init(days).setOption({
			tooltip: { trigger: 'axis' },
			xAxis: { type: 'category', data: data.days.map(function (d) { return d.day; }) },
			yAxis: { type: 'value' },
			series: [
				{ name: data.labels.attempts, type: 'bar', data: data.days.map(function (d) { return d.attempts; }) },
				{ name: data.labels.participants, type: 'line', data: data.days.map(function (d) { return d.participants; }) }
			]
		});
	}
	var scores = document.getElementById('quiz-scores');
	if (scores) {
		var names = [];
		for (var b = 0; b <= 10; b++) names.push(b === 10 ? '100' : (b * 10) + '–' + (b * 10 + 9));
		echarts.init(scores).setOption({
			tooltip: {},
			xAxis: { type: 'category', name: data.labels.scores, data: names },
			yAxis: { type: 'value' },
			series: [{ type: 'bar', name: data.labels.attempts, data: data.buckets }]
		});
	}
})();
