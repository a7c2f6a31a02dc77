/* test_base_ticker.c: the ticker runs its job at once, again when poked (not before: the job
 * asks for an hour's wait), and stop returns promptly from that wait and joins the thread. */
#include "test_util.h"

#include "base/ticker.h"

#include <semaphore.h>
#include <stdatomic.h>

struct job {
	atomic_int calls;
	sem_t ran;
};

static int64_t job(void *arg)
{
	struct job *j = arg;
	atomic_fetch_add(&j->calls, 1);
	sem_post(&j->ran);
	return 3600 * 1000; /* an hour: only a poke or stop ends the wait */
}

static void test_ticker(void **state)
{
	(void)state;
	struct job j = {0};
	assert_int_equal(sem_init(&j.ran, 0, 0), 0);
	struct ticker *t = ticker_start(job, &j);
	assert_non_null(t);
	assert_int_equal(sem_wait(&j.ran), 0);
	assert_int_equal(atomic_load(&j.calls), 1);
	ticker_poke(t);
	assert_int_equal(sem_wait(&j.ran), 0);
	assert_int_equal(atomic_load(&j.calls), 2);
	ticker_stop(t); /* would hang for an hour if stop did not wake the wait */
	assert_int_equal(atomic_load(&j.calls), 2);
	ticker_poke(NULL);
	ticker_stop(NULL);
	sem_destroy(&j.ran);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_ticker)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
