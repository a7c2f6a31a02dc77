/* officer_points_rules.c: the points and fraud rules' values, from the configuration
 * (points.*, fraud.* keys; see README). */
#include "officer/officer_points.h"

void points_rules_from_config(const struct config *c, struct points_rules *r)
{
	*r = (struct points_rules){
	    .share = c->points_share,
	    .reader = c->points_reader,
	    .task = c->points_task,
	    .signin = c->points_signin,
	    .streak_step = c->points_streak_step,
	    .streak_cap = c->points_streak_cap,
	    .net_window_s = c->fraud_net_window_s,
	    .net_readers = c->fraud_net_readers,
	    .repeat_visits = c->fraud_repeat_visits,
	    .repeat_readers = c->fraud_repeat_readers,
	    .self_clicks = c->fraud_self_clicks,
	    .batch = c->points_batch,
	    .interval_ms = c->points_interval_ms,
	};
}
