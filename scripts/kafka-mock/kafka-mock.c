/*
 * A librdkafka mock cluster as a process, for the Kafka test suites.
 *
 * librdkafka's mock cluster implements the Kafka wire protocol on loopback TCP; it is not Apache
 * Kafka (no CreateTopics, DeleteTopics, DescribeConfigs, DescribeGroups; in memory, no retention).
 *
 * Usage: kafka-mock [--brokers N] [--rebalance-delay-ms MS] [--exit-on-stdin-eof] [TOPIC:PARTITIONS ...]
 * (anything else is a usage error, so a mistyped command line cannot create odd topics).
 *
 * Prints one line, the bootstrap servers ("127.0.0.1:p1,127.0.0.1:p2"), once the cluster listens,
 * then runs until SIGTERM or SIGINT (or, with --exit-on-stdin-eof, until its stdin closes, so a test
 * runner that dies does not leave a cluster behind).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rdkafka.h"
#include "rdkafka_mock.h"

static volatile sig_atomic_t stop_requested = 0;

static void on_signal(int sig) {
        (void)sig;
        stop_requested = 1;
}

static int parse_int(const char *text, const char *what) {
        char *end;
        long value = strtol(text, &end, 10);
        if (*text == '\0' || *end != '\0' || value < 0 || value > 100000) {
                fprintf(stderr, "kafka-mock: bad %s: %s\n", what, text);
                exit(2);
        }
        return (int)value;
}

static void usage(void) {
        fprintf(stderr,
                "usage: kafka-mock [--brokers N] [--rebalance-delay-ms MS] "
                "[--exit-on-stdin-eof] [TOPIC:PARTITIONS ...]\n");
        exit(2);
}

int main(int argc, char **argv) {
        int brokers = 1, rebalance_delay_ms = -1, exit_on_eof = 0, topic_cnt = 0;
        char **topics = calloc((size_t)argc, sizeof(*topics));
        char errstr[512];

        for (int i = 1; i < argc; i++) {
                if (!strcmp(argv[i], "--brokers") && i + 1 < argc)
                        brokers = parse_int(argv[++i], "broker count");
                else if (!strcmp(argv[i], "--rebalance-delay-ms") && i + 1 < argc)
                        rebalance_delay_ms = parse_int(argv[++i], "rebalance delay");
                else if (!strcmp(argv[i], "--exit-on-stdin-eof"))
                        exit_on_eof = 1;
                else if (argv[i][0] != '-' && strrchr(argv[i], ':'))
                        topics[topic_cnt++] = argv[i];
                else
                        usage();
        }
        if (brokers < 1)
                usage();

        /* Block the stop signals before librdkafka starts its threads, so that only the ppoll()
         * below, which unblocks them atomically, ever receives them. */
        sigset_t stop_signals, wait_mask;
        sigemptyset(&stop_signals);
        sigaddset(&stop_signals, SIGTERM);
        sigaddset(&stop_signals, SIGINT);
        sigprocmask(SIG_BLOCK, &stop_signals, &wait_mask);
        sigdelset(&wait_mask, SIGTERM);
        sigdelset(&wait_mask, SIGINT);
        struct sigaction action;
        memset(&action, 0, sizeof(action));
        action.sa_handler = on_signal;
        sigaction(SIGTERM, &action, NULL);
        sigaction(SIGINT, &action, NULL);

        /* The cluster needs a client instance for its bookkeeping; it never connects anywhere. */
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
                fprintf(stderr, "kafka-mock: %s\n", errstr);
                return 1;
        }
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
        if (!rk) {
                fprintf(stderr, "kafka-mock: rd_kafka_new: %s\n", errstr);
                return 1;
        }
        rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
        if (!mc) {
                fprintf(stderr, "kafka-mock: could not create the mock cluster\n");
                return 1;
        }
        /* Brokers are numbered from 1; the default controller id (0) names no broker, and kafkajs's
         * admin client and idempotent producer fail with "Broker 0 not found". */
        rd_kafka_mock_set_controller_id(mc, 1);
        /* The mock reads every LeaveGroup as v0-v2 (one member id), but v3+ carries a list of
         * members: a leaving kafkajs consumer (v3) was not removed and held its partitions until its
         * session timed out. Offering v0-v2 only makes kafkajs leave in a form the mock reads. */
        rd_kafka_mock_set_apiversion(mc, 13 /* LeaveGroup */, 0, 2);
        if (rebalance_delay_ms >= 0)
                rd_kafka_mock_group_initial_rebalance_delay_ms(mc, rebalance_delay_ms);

        for (int i = 0; i < topic_cnt; i++) {
                char *spec = strdup(topics[i]);
                char *colon = strrchr(spec, ':');
                *colon = '\0';
                int partitions = parse_int(colon + 1, "partition count");
                if (*spec == '\0' || partitions < 1) {
                        fprintf(stderr, "kafka-mock: bad topic spec: %s\n", topics[i]);
                        return 2;
                }
                rd_kafka_resp_err_t err =
                    rd_kafka_mock_topic_create(mc, spec, partitions, brokers < 3 ? brokers : 3);
                if (err) {
                        fprintf(stderr, "kafka-mock: topic %s: %s\n", spec, rd_kafka_err2str(err));
                        return 1;
                }
                free(spec);
        }
        free(topics);

        printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
        fflush(stdout);

        struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
        while (!stop_requested) {
                int ready = ppoll(exit_on_eof ? &in : NULL, exit_on_eof ? 1 : 0, NULL, &wait_mask);
                if (ready < 0 && errno != EINTR) {
                        perror("kafka-mock: ppoll");
                        break;
                }
                if (ready > 0) {
                        char buf[256];
                        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
                        if (n <= 0)
                                break; /* stdin closed: the parent is gone */
                }
        }

        rd_kafka_mock_cluster_destroy(mc);
        rd_kafka_destroy(rk);
        return 0;
}
