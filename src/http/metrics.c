/* metrics.c: Prometheus text exposition of request counts by route and status, latency
 * histograms, the writer's queue depth and batch sizes. */
#include "http/server.h"
#include "http/cache.h"

#include <stdio.h>

void metrics_record(struct app *app, const struct route *route, int status, int64_t dur_ns)
{
	int slot = route_status_slot(status);
	if (!route) {
		app->unmatched_by_status[slot]++;
		return;
	}
	struct route *rt = (struct route *)route; /* counters are the only mutable part */
	rt->by_status[slot]++;
	double secs = (double)dur_ns / 1e9;
	int b = 0;
	while (b < LATENCY_BUCKETS && secs > latency_bounds_s[b])
		b++;
	rt->latency[b]++;
	rt->latency_sum_us += (uint64_t)(dur_ns / 1000);
}

static void status_label(int slot, char out[8])
{
	if (route_status_codes[slot])
		snprintf(out, 8, "%d", route_status_codes[slot]);
	else
		snprintf(out, 8, "other");
}

/* Writes the request counters of one route (by status). */
static void counts_render(struct strbuf *out, const char *method, const char *route,
                          _Atomic uint64_t *by_status)
{
	for (int s = 0; s < ROUTE_STATUS_SLOTS; s++) {
		uint64_t v = by_status[s];
		if (!v)
			continue;
		char code[8];
		status_label(s, code);
		strbuf_printf(
		    out,
		    "tala_http_requests_total{method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n",
		    method, route, code, (unsigned long long)v);
	}
}

void metrics_render(struct app *app, struct strbuf *out)
{
	strbuf_puts(out, "# HELP tala_http_requests_total HTTP requests by route and status.\n"
	                 "# TYPE tala_http_requests_total counter\n");
	for (size_t i = 0; i < app->router.n; i++)
		counts_render(out, app->router.routes[i]->method, app->router.routes[i]->pattern,
		              app->router.routes[i]->by_status);
	counts_render(out, "", "unmatched", app->unmatched_by_status);
	strbuf_puts(
	    out, "# HELP tala_http_request_duration_seconds Time from request line to response.\n"
	         "# TYPE tala_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < app->router.n; i++) {
		struct route *rt = app->router.routes[i];
		uint64_t cum = 0;
		for (int b = 0; b <= LATENCY_BUCKETS; b++)
			cum += rt->latency[b];
		if (!cum)
			continue;
		uint64_t total = cum;
		cum = 0;
		for (int b = 0; b < LATENCY_BUCKETS; b++) {
			cum += rt->latency[b];
			strbuf_printf(out,
			              "tala_http_request_duration_seconds_bucket{route=\"%s\","
			              "method=\"%s\",le=\"%g\"} %llu\n",
			              rt->pattern, rt->method, latency_bounds_s[b],
			              (unsigned long long)cum);
		}
		strbuf_printf(
		    out,
		    "tala_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"+"
		    "Inf\"} %llu\n"
		    "tala_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n"
		    "tala_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n",
		    rt->pattern, rt->method, (unsigned long long)total, rt->pattern, rt->method,
		    (double)rt->latency_sum_us / 1e6, rt->pattern, rt->method,
		    (unsigned long long)total);
	}
	struct store_stats st;
	store_stats(app->store, &st);
	strbuf_printf(out,
	              "# HELP tala_store_queue_depth Writes waiting for the writer thread.\n"
	              "# TYPE tala_store_queue_depth gauge\ntala_store_queue_depth %lld\n"
	              "# HELP tala_store_commits_total Transactions committed by the writer.\n"
	              "# TYPE tala_store_commits_total counter\ntala_store_commits_total %lld\n"
	              "# HELP tala_store_writes_total Write closures run by the writer.\n"
	              "# TYPE tala_store_writes_total counter\ntala_store_writes_total %lld\n"
	              "# HELP tala_store_batch_size Writes per commit.\n"
	              "# TYPE tala_store_batch_size histogram\n",
	              (long long)st.queue_depth, (long long)st.commits, (long long)st.writes);
	long long cum = 0;
	static const char *const les[8] = {"1", "3", "7", "15", "31", "63", "127", "+Inf"};
	for (int b = 0; b < 8; b++) {
		cum += st.batch_hist[b];
		strbuf_printf(out, "tala_store_batch_size_bucket{le=\"%s\"} %lld\n", les[b], cum);
	}
	strbuf_printf(out, "tala_store_batch_size_sum %lld\ntala_store_batch_size_count %lld\n",
	              (long long)st.writes, (long long)st.commits);
	uint64_t hits = 0, misses = 0;
	if (app->cache)
		resp_cache_counts(app->cache, &hits, &misses);
	strbuf_printf(out,
	              "# HELP tala_http_cache_lookups_total Response cache lookups by result.\n"
	              "# TYPE tala_http_cache_lookups_total counter\n"
	              "tala_http_cache_lookups_total{result=\"hit\"} %llu\n"
	              "tala_http_cache_lookups_total{result=\"miss\"} %llu\n",
	              (unsigned long long)hits, (unsigned long long)misses);
	strbuf_printf(out,
	              "# HELP tala_http_in_flight Requests being handled.\n"
	              "# TYPE tala_http_in_flight gauge\ntala_http_in_flight %lld\n",
	              (long long)app->in_flight);
}
