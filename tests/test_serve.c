/* test_serve.c: `haltung serve` end to end: a server on a free loopback port,
 * articles posted with curl and compared byte for byte with `haltung score`,
 * every bad request with its status and JSON error, the batch endpoint, the
 * page and the models, and on SIGTERM a request in flight answered in full
 * and exit 0. */
#include <arpa/inet.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support.h"

static pid_t server_pid;
static int port;
static char tmp[256];

static const char *haltung(void)
{
    const char *h = getenv("HALTUNG");
    return h && *h ? h : "build/haltung";
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) || getsockname(fd, (struct sockaddr *)&a, &len))
        return -1;
    close(fd);
    return ntohs(a.sin_port);
}

/* curl METHOD PATH with the body in file body (NULL: none); the response
 * lands in tmp/out; returns the HTTP status (0 if curl failed). */
static int http(const char *method, const char *path, const char *type, const char *body)
{
    char cmd[2048], out[300];
    snprintf(out, sizeof out, "%s/code", tmp);
    snprintf(cmd, sizeof cmd,
             "curl -s -o %s/out -w '%%{http_code}' -X %s %s%s%s %s%s 'http://127.0.0.1:%d%s' > %s",
             tmp, method, type ? "-H 'Content-Type: " : "", type ? type : "", type ? "'" : "",
             body ? "--data-binary @" : "", body ? body : "", port, path, out);
    if (system(cmd) != 0)
        return 0;
    size_t n;
    char *code = ht_test_read_file(out, &n);
    int status = code ? atoi(code) : 0;
    free(code);
    return status;
}

static char *response(size_t *len)
{
    char path[300];
    snprintf(path, sizeof path, "%s/out", tmp);
    return ht_test_read_file(path, len);
}

/* serve on port p with up to two more options (NULL ends them) */
static pid_t start_server(int p, const char *extra_flag, const char *extra_value,
                          const char *flag2, const char *value2)
{
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", p);
    char log[300];  /* the server's standard error, for the tests that read it */
    snprintf(log, sizeof log, "%s/serve-%d.err", tmp, p);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen(log, "w", stderr))
            _exit(126);
        execl(haltung(), "haltung", "serve", "--listen", listen, "--threads", "2", "--max-body",
              "200000", extra_flag, extra_value, flag2, value2, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int wait_up(void)
{
    for (int i = 0; i < 200; i++) {  /* up to 20 s under sanitizers */
        if (http("GET", "/v1/health", NULL, NULL) == 200)
            return 1;
        nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
    }
    return 0;
}

static void test_start(void)
{
    snprintf(tmp, sizeof tmp, "build/test-tmp/%ld-serve", (long)getpid());
    char cmd[400];
    snprintf(cmd, sizeof cmd, "mkdir -p %s", tmp);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    port = free_port();
    CU_ASSERT_TRUE_FATAL(port > 0);
    server_pid = start_server(port, "--max-queue", "64", NULL, NULL);
    CU_ASSERT_TRUE_FATAL(wait_up());
}

/* Runs `haltung score ARGS < in` and returns what it printed. */
static char *score_cli(const char *args, const char *in, size_t *len)
{
    char out[300], cmd[1024];
    snprintf(out, sizeof out, "%s/cli.json", tmp);
    snprintf(cmd, sizeof cmd, "%s score %s < %s > %s", haltung(), args, in, out);
    if (system(cmd) != 0)
        return NULL;
    return ht_test_read_file(out, len);
}

static int same_bytes(const char *a, size_t a_len, const char *b, size_t b_len)
{
    return a && b && a_len == b_len && !memcmp(a, b, a_len);
}

/* A text/plain body is answered with what `haltung score -` prints for the
 * same text on standard input (its id is "-"), byte for byte. */
static void check_same_as_score(const char *path)
{
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "\n  (skipped: %s not found)\n", path);
        return;
    }
    size_t a_len, b_len;
    char *cli = score_cli("-", path, &a_len);
    CU_ASSERT_PTR_NOT_NULL(cli);
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "text/plain; charset=utf-8", path), 200);
    char *served = response(&b_len);
    CU_ASSERT_TRUE(same_bytes(cli, a_len, served, b_len));
    free(cli);
    free(served);
}

/* A JSON body {"id", "text", "title", "topic"} is answered with what
 * `haltung score --jsonl` prints for that record, byte for byte, even
 * when the body spans lines and the id is an integer. */
static void check_json_same_as_jsonl(const char *path, json_t *id, const char *want_start,
                                     const char *type)
{
    size_t n;
    char *text = ht_test_read_file(path, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    json_t *o = json_pack("{s:o, s:s%, s:s, s:s}", "id", id, "text", text, n, "title",
                          "Streit um die Angriffe", "topic", "Waffenstillstand");
    free(text);
    char line[300], pretty[300];
    snprintf(line, sizeof line, "%s/record.jsonl", tmp);
    snprintf(pretty, sizeof pretty, "%s/record.json", tmp);
    json_dump_file(o, line, JSON_COMPACT);
    json_dump_file(o, pretty, JSON_INDENT(2));
    json_decref(o);
    size_t a_len, b_len;
    char *cli = score_cli("--jsonl -", line, &a_len);
    CU_ASSERT_PTR_NOT_NULL(cli);
    CU_ASSERT_EQUAL(http("POST", "/v1/score", type, pretty), 200);
    char *served = response(&b_len);
    CU_ASSERT_TRUE(same_bytes(cli, a_len, served, b_len));
    CU_ASSERT_TRUE(served && !strncmp(served, want_start, strlen(want_start)));
    free(cli);
    free(served);
}

static void test_same_as_score(void)
{
    check_same_as_score("../shared/examples/putin-trump-telefonat.txt");
    check_same_as_score("tests/data/articles/kreml.txt");
    check_same_as_score("tests/data/articles/kommunal.txt");
    check_json_same_as_jsonl("tests/data/articles/kreml.txt", json_string("kreml-1"),
                             "{\"id\":\"kreml-1\",", "application/json");
    check_json_same_as_jsonl("tests/data/articles/regierung.txt", json_integer(42),
                             "{\"id\":\"42\",", "application/json");
    /* media types are case-insensitive (RFC 9110): once read as plain text */
    check_json_same_as_jsonl("tests/data/articles/regierung.txt", json_integer(43),
                             "{\"id\":\"43\",", "Application/JSON; charset=utf-8");
    /* a JSON body behind a byte-order mark, which `score --jsonl` skips too */
    char path[300];
    snprintf(path, sizeof path, "%s/bom.json", tmp);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("\xEF\xBB\xBF{\"id\": \"b\", \"text\": \"Olaf Scholz lobte den Plan.\"}", f);
    fclose(f);
    size_t a_len, b_len;
    char *cli = score_cli("--jsonl -", path, &a_len);
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "application/json", path), 200);
    char *served = response(&b_len);
    CU_ASSERT_TRUE(same_bytes(cli, a_len, served, b_len));
    CU_ASSERT_TRUE(cli && strstr(cli, "{\"id\":\"b\",\"tone\"") == cli);
    free(cli);
    free(served);
}

static void check_error(int status, int want, const char *words)
{
    CU_ASSERT_EQUAL(status, want);
    size_t n;
    char *body = response(&n);
    json_t *o = body ? json_loadb(body, n, 0, NULL) : NULL;
    const char *msg = json_string_value(json_object_get(o, "error"));
    CU_ASSERT_TRUE(msg && strstr(msg, words));
    json_decref(o);
    free(body);
}

static const char *write_body(const char *name, const char *data, size_t len)
{
    static char path[8][320];
    static int slot;
    char *p = path[slot++ % 8];
    snprintf(p, sizeof path[0], "%s/%s", tmp, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(data, 1, len, f);
        fclose(f);
    }
    return p;
}

static void test_bad_requests(void)
{
    check_error(http("POST", "/v1/score", "application/json", write_body("b1", "{broken", 7)),
                400, "invalid JSON");
    check_error(http("POST", "/v1/score", "application/json", write_body("b1a", "[1, 2]", 6)),
                400, "not a JSON object");
    check_error(http("POST", "/v1/score", "application/json", write_body("b2", "{\"id\": 1}", 9)),
                400, "missing field \"text\"");
    /* an empty text is scored as score --jsonl scores it: no tone, no paragraphs */
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "application/json",
                         write_body("b2a", "{\"text\": \"\"}", 12)), 200);
    char *empty = response(NULL);
    CU_ASSERT_PTR_NOT_NULL(empty && strstr(empty, "{\"id\":null,\"tone\":null,\"paragraphs\":[]"));
    free(empty);
    check_error(http("POST", "/v1/score", "application/json",
                     write_body("b2b", "{\"text\": \"x\", \"title\": 5}", 25)), 400,
                "\"title\" must be a string");
    check_error(http("POST", "/v1/score", "application/json",
                     write_body("b2c", "{\"text\": \"a\xff\"}", 14)), 400, "not valid UTF-8");
    /* a raw NUL byte, even after the object, is no JSON (score --jsonl refuses it too) */
    check_error(http("POST", "/v1/score", "application/json",
                     write_body("b2d", "{\"text\": \"a\"}\0", 14)), 400, "a NUL byte at byte 14");
    /* plain text is taken as it is, invalid bytes and all, as `haltung score -` takes it */
    check_same_as_score(write_body("b3", "Olaf Scholz \xff\xfe lobte den Plan.\n", 31));
    check_error(http("POST", "/v1/score", "text/plain", write_body("b4", "", 0)), 400, "empty");
    check_error(http("GET", "/v1/nothing", NULL, NULL), 404, "no such endpoint");
    check_error(http("GET", "/v1/score", NULL, NULL), 405, "use POST");
    check_error(http("POST", "/v1/health", "text/plain", write_body("b5", "x", 1)), 405, "use GET");
    /* Allow names what the endpoint takes */
    const struct { const char *how, *path, *allow; } allow[] = {
        { "-X GET", "/v1/score", "Allow: POST\r" }, { "-X PUT", "/v1/health", "Allow: GET, HEAD\r" },
        { "-X DELETE", "/", "Allow: GET, HEAD\r" } };
    for (size_t i = 0; i < sizeof allow / sizeof *allow; i++) {
        char cmd[600], hp[300];
        snprintf(hp, sizeof hp, "%s/headers", tmp);
        snprintf(cmd, sizeof cmd, "curl -s -o /dev/null -D %s %s http://127.0.0.1:%d%s", hp,
                 allow[i].how, port, allow[i].path);
        CU_ASSERT_EQUAL(system(cmd), 0);
        size_t n;
        char *h = ht_test_read_file(hp, &n);
        CU_ASSERT_PTR_NOT_NULL(h && strstr(h, " 405 ") && strstr(h, allow[i].allow));
        free(h);
    }
    char *big = malloc(300000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'a', 300000);
    check_error(http("POST", "/v1/score", "text/plain", write_body("b6", big, 300000)), 413,
                "max-body");
    /* under --max-body, but one token of 70,000 bytes: over the default --max-token */
    check_error(http("POST", "/v1/score", "text/plain", write_body("b7", big, 70000)), 422,
                "--max-token");
    free(big);
}

static void test_batch(void)
{
    const char lines[] = "{\"id\": \"a\", \"text\": \"Olaf Scholz lobte den Plan.\"}\n"
                         "[1, 2]\n"
                         "{\"id\": \"x\", \"text\": \"kein UTF-8: \xff\"}\n"
                         "{\"id\": \"e\"}\n"
                         "{\"id\": \"c\", \"text\": \"Friedrich Merz kritisierte ihn.\"}\n";
    CU_ASSERT_EQUAL(http("POST", "/v1/score/batch", "application/x-ndjson",
                         write_body("batch", lines, sizeof lines - 1)), 200);
    size_t n;
    char *body = response(&n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(body);
    /* a line that is not UTF-8 loses no other; a bad line keeps its id where it has one */
    const char *ids[] = { "a", NULL, NULL, "e", "c" };
    const int bad[] = { 0, 1, 1, 1, 0 };
    int k = 0;
    for (char *line = strtok(body, "\n"); line; line = strtok(NULL, "\n"), k++) {
        json_t *o = json_loads(line, 0, NULL);
        CU_ASSERT_TRUE_FATAL(json_is_object(o) && k < 5);
        CU_ASSERT_EQUAL(json_object_get(o, "error") != NULL, bad[k]);
        if (ids[k])
            CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(o, "id")), ids[k]);
        json_decref(o);
    }
    CU_ASSERT_EQUAL(k, 5);
    free(body);
    /* more records than --max-batch (10000 by default): 413, as its answer is held whole */
    size_t one = strlen("{\"text\": \"Merz.\"}\n"), many = 10001 * one;
    char *lots = malloc(many);
    CU_ASSERT_PTR_NOT_NULL_FATAL(lots);
    for (size_t i = 0; i < 10001; i++)
        memcpy(lots + i * one, "{\"text\": \"Merz.\"}\n", one);
    check_error(http("POST", "/v1/score/batch", "application/x-ndjson",
                     write_body("lots", lots, many)), 413, "more than 10000 records (--max-batch)");
    CU_ASSERT_EQUAL(http("POST", "/v1/score/batch", "application/x-ndjson",
                         write_body("lots", lots, many - one)), 200);
    free(lots);
}

static void test_page_and_models(void)
{
    size_t n;
    CU_ASSERT_EQUAL(http("GET", "/", NULL, NULL), 200);
    char *page = response(&n);
    CU_ASSERT_TRUE(page && strstr(page, "<textarea") && strstr(page, "/v1/score") &&
                   !strstr(page, "src=\"http"));
    free(page);
    CU_ASSERT_EQUAL(http("GET", "/v1/models", NULL, NULL), 200);
    char *body = response(&n);
    json_t *o = body ? json_loadb(body, n, 0, NULL) : NULL;
    CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(json_object_get(o, "stance"), "task")),
                           "stance");
    CU_ASSERT_TRUE(json_integer_value(json_object_get(o, "actors")) > 400);
    /* the settings that change what a model reads: the actor's context, the stance's speaker */
    json_t *actor = json_object_get(json_object_get(o, "actor"), "features");
    json_t *stance = json_object_get(json_object_get(o, "stance"), "features");
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(actor, "context")), 1);
    CU_ASSERT_TRUE(json_is_true(json_object_get(stance, "speaker")));
    CU_ASSERT_TRUE(json_is_false(json_object_get(actor, "speaker")));
    CU_ASSERT_TRUE(json_is_true(json_object_get(
        json_object_get(json_object_get(o, "tone"), "features"), "emoticons")));
    json_t *defaults = json_object_get(o, "defaults");
    CU_ASSERT_TRUE(json_is_false(json_object_get(defaults, "tone_only")));
    CU_ASSERT_TRUE(json_is_false(json_object_get(defaults, "stance_as_party")));
    json_decref(o);
    free(body);
}

/* serve --tone-only answers what `haltung score --tone-only -` prints, and
 * ?tone_only=0 what `haltung score -` prints. */
static void test_tone_only_server(void)
{
    int main_port = port;
    port = free_port();
    pid_t pid = start_server(port, "--tone-only", NULL, NULL, NULL);
    CU_ASSERT_TRUE_FATAL(wait_up());
    const char *path = "tests/data/articles/kreml.txt";
    size_t a_len, b_len;
    char *cli = score_cli("--tone-only -", path, &a_len);
    CU_ASSERT_PTR_NOT_NULL(cli && strstr(cli, "\"actors\":null"));
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "text/plain; charset=utf-8", path), 200);
    char *served = response(&b_len);
    CU_ASSERT_TRUE(same_bytes(cli, a_len, served, b_len));
    free(cli);
    free(served);
    cli = score_cli("-", path, &a_len);
    CU_ASSERT_EQUAL(http("POST", "/v1/score?tone_only=0", "text/plain; charset=utf-8", path), 200);
    served = response(&b_len);
    CU_ASSERT_TRUE(cli && !strstr(cli, "\"actors\":null") && same_bytes(cli, a_len, served, b_len));
    free(cli);
    free(served);
    /* /v1/models says what a request gets by default */
    CU_ASSERT_EQUAL(http("GET", "/v1/models", NULL, NULL), 200);
    served = response(&b_len);
    json_t *o = served ? json_loadb(served, b_len, 0, NULL) : NULL;
    json_t *defaults = json_object_get(o, "defaults");
    CU_ASSERT_TRUE(json_is_true(json_object_get(defaults, "tone_only")));
    CU_ASSERT_TRUE(json_is_false(json_object_get(defaults, "stance_as_party")));
    json_decref(o);
    free(served);
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    port = main_port;
}

/* ?stance_as_party reads one request's statements as their party's toward
 * its topic (as score --stance-as-party); the next request, on the same
 * pooled scorers, reads words alone again. */
static void test_stance_as_party_per_request(void)
{
    const char rec[] = "{\"id\": \"p\", \"text\": \"Die SPD will den Mindestlohn erhöhen.\", "
                       "\"topic\": \"Der Mindestlohn soll erhöht werden.\"}";
    const char *body = write_body("party", rec, sizeof rec - 1);
    const char *asks[] = { "/v1/score?stance_as_party", "/v1/score", "/v1/score",
                           "/v1/score/batch?stance_as_party=1" };
    for (int i = 0; i < 4; i++) {
        int on = strchr(asks[i], '?') != NULL;
        CU_ASSERT_EQUAL(http("POST", asks[i], "application/json", body), 200);
        size_t n;
        char *out = response(&n);
        json_t *o = out ? json_loads(out, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
        json_t *spd = json_array_get(json_object_get(o, "actors"), 0);
        CU_ASSERT_STRING_EQUAL(json_string_value(json_object_get(spd, "name")), "SPD");
        json_t *sp = json_object_get(spd, "stance_speaker");
        CU_ASSERT_TRUE(on ? json_is_string(sp) && !strcmp(json_string_value(sp), "SPD")
                          : json_is_null(sp));
        json_decref(o);
        free(out);
    }
    check_error(http("POST", "/v1/score?stance_as_party=ja", "application/json", body), 400,
                "stance_as_party must be");
}

/* ?tone_only asks one request for the tone alone; the next request without
 * it, on the same pooled scorers, gets the actors again. */
static void test_tone_only_per_request(void)
{
    const char *path = "tests/data/articles/kreml.txt";
    size_t full_len, tone_len, n;
    char *full = score_cli("-", path, &full_len);
    char *tone = score_cli("--tone-only -", path, &tone_len);
    CU_ASSERT_TRUE_FATAL(full && tone && !same_bytes(full, full_len, tone, tone_len));
    const char *asks[] = { "/v1/score?tone_only=1", "/v1/score?tone_only",
                           "/v1/score?tone_only=true", "/v1/score?tone_only=" };
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(http("POST", asks[i], "text/plain; charset=utf-8", path), 200);
        char *served = response(&n);
        CU_ASSERT_TRUE(same_bytes(tone, tone_len, served, n));
        free(served);
        for (int k = 0; k < 2; k++) {  /* both scorers of the pool */
            CU_ASSERT_EQUAL(http("POST", "/v1/score", "text/plain; charset=utf-8", path), 200);
            served = response(&n);
            CU_ASSERT_TRUE(same_bytes(full, full_len, served, n));
            free(served);
        }
    }
    check_error(http("POST", "/v1/score?tone_only=yes", "text/plain", path), 400, "tone_only");
    /* a value cut short by an encoded NUL is another value */
    check_error(http("POST", "/v1/score?tone_only=1%00junk", "text/plain", path), 400, "tone_only");
    check_error(http("POST", "/v1/score?tone_only=%00", "text/plain", path), 400, "tone_only");
    check_error(http("POST", "/v1/score?tone_only=1&tone_only=0", "text/plain", path), 400,
                "tone_only is given more than once");
    const char lines[] = "{\"id\": \"a\", \"text\": \"Olaf Scholz lobte den Plan.\"}\n"
                         "{\"id\": \"b\", \"text\": \"Friedrich Merz kritisierte ihn.\"}\n";
    const char *body = write_body("batch-tone", lines, sizeof lines - 1);
    for (int on = 1; on >= 0; on--) {
        CU_ASSERT_EQUAL(http("POST", on ? "/v1/score/batch?tone_only=1" : "/v1/score/batch",
                             "application/x-ndjson", body), 200);
        char *out = response(&n);
        int lines_seen = 0;
        for (char *line = out ? strtok(out, "\n") : NULL; line; line = strtok(NULL, "\n")) {
            json_t *o = json_loads(line, 0, NULL);
            CU_ASSERT_EQUAL(json_is_null(json_object_get(o, "actors")), on);
            CU_ASSERT_EQUAL(json_is_array(json_object_get(o, "actors")), !on);
            json_decref(o);
            lines_seen++;
        }
        CU_ASSERT_EQUAL(lines_seen, 2);
        free(out);
    }
    free(full);
    free(tone);
}

/* With --max-queue 1, a request that arrives while a slow upload holds the
 * only place is answered 503 with a JSON error. */
static void test_saturated_503(void)
{
    int main_port = port;
    port = free_port();
    pid_t pid = start_server(port, "--max-queue", "1", NULL, NULL);
    CU_ASSERT_TRUE_FATAL(wait_up());
    char *big = malloc(150000), cmd[1024];
    memset(big, 'a', 150000);
    const char *path = write_body("slow", big, 150000);
    free(big);
    snprintf(cmd, sizeof cmd, "curl -s -o /dev/null --limit-rate 25k -H 'Content-Type: text/plain' "
             "--data-binary @%s http://127.0.0.1:%d/v1/score & echo $! > %s/slow.pid",
             path, port, tmp);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    nanosleep(&(struct timespec){ 1, 0 }, NULL);
    check_error(http("POST", "/v1/score", "text/plain", write_body("quick", "Hallo.", 6)), 503,
                "saturated");
    /* a full queue holds scoring requests only: health and models still answer */
    CU_ASSERT_EQUAL(http("GET", "/v1/health", NULL, NULL), 200);
    CU_ASSERT_EQUAL(http("GET", "/v1/models", NULL, NULL), 200);
    snprintf(cmd, sizeof cmd, "kill $(cat %s/slow.pid) 2>/dev/null", tmp);
    CU_ASSERT_EQUAL(system(cmd), 0);
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        fprintf(stderr, "\n  (serve ended with status 0x%x)\n", (unsigned)st);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    port = main_port;
}

/* A body that trickles in is cut off --body-timeout seconds after its
 * headers, and its slot in the queue is free again. */
/* Opens a connection to port p and sends the start of a request's headers,
 * then one more byte every 200 ms; the seconds until the server closed it,
 * or limit if it did not. */
static int headers_trickle_closed(int p, int limit)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { 0 };
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)p);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    const char start[] = "GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    int closed = send(fd, start, sizeof start - 1, MSG_NOSIGNAL) < 0;
    for (t = t0; !closed && t.tv_sec - t0.tv_sec < limit; clock_gettime(CLOCK_MONOTONIC, &t)) {
        nanosleep(&(struct timespec){ 0, 200000000 }, NULL);
        char c;
        closed = send(fd, "a", 1, MSG_NOSIGNAL) < 0 ||
                 recv(fd, &c, 1, MSG_DONTWAIT) == 0;  /* the server shut it */
    }
    close(fd);
    return closed ? (int)(t.tv_sec - t0.tv_sec) : limit;
}

static void test_body_timeout(void)
{
    int main_port = port;
    port = free_port();
    /* a queue of one: the next request is answered only if the slot came back */
    pid_t pid = start_server(port, "--body-timeout", "1", "--max-queue", "1");
    CU_ASSERT_TRUE_FATAL(wait_up());
    char *big = malloc(150000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    memset(big, 'a', 150000);
    const char *path = write_body("trickle", big, 150000);
    free(big);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "curl -s -o /dev/null --limit-rate 5k -H 'Content-Type: text/plain' "
             "--data-binary @%s http://127.0.0.1:%d/v1/score", path, port);
    CU_ASSERT_NOT_EQUAL(system(cmd), 0);  /* the server closed it: 30 s at that rate */
    clock_gettime(CLOCK_MONOTONIC, &t1);
    CU_ASSERT_TRUE(t1.tv_sec - t0.tv_sec < 15);
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "text/plain", write_body("after", "Hallo.", 6)), 200);
    /* a body that stops arriving: closed when the connection has been idle as long */
    snprintf(cmd, sizeof cmd, "bash -c 'exec 3<>/dev/tcp/127.0.0.1/%d; printf \"POST /v1/score "
             "HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: text/plain\\r\\nContent-Length: 100"
             "\\r\\n\\r\\nabc\" >&3; sleep 20' > /dev/null 2>&1 &", port);
    CU_ASSERT_EQUAL(system(cmd), 0);
    nanosleep(&(struct timespec){ 0, 500000000 }, NULL);
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "text/plain", write_body("during", "Hallo.", 6)), 503);
    int code = 0;
    for (int i = 0; i < 20 && code != 200; i++) {  /* back long before the client leaves */
        nanosleep(&(struct timespec){ 0, 250000000 }, NULL);
        code = http("POST", "/v1/score", "text/plain", write_body("stalled", "Hallo.", 6));
    }
    CU_ASSERT_EQUAL(code, 200);
    /* headers sent a byte at a time, never idle: closed when --body-timeout
     * has passed since the connection opened, not held for ever */
    CU_ASSERT_TRUE(headers_trickle_closed(port, 8) < 5);
    CU_ASSERT_EQUAL(http("POST", "/v1/score", "text/plain", write_body("late", "Hallo.", 6)), 200);
    kill(pid, SIGTERM);
    int st = 0;
    waitpid(pid, &st, 0);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    port = main_port;
}

/* SIGTERM while a slow upload is in flight: the server stops accepting but
 * answers that request in full (200, the scored JSON), then exits 0. */
static void test_sigterm_exits_zero(void)
{
    char *big = malloc(100000), cmd[1024];
    CU_ASSERT_PTR_NOT_NULL_FATAL(big);
    for (int i = 0; i < 100000; i++)
        big[i] = "Olaf Scholz lobte den Plan. "[i % 28];
    const char *path = write_body("inflight", big, 100000);
    free(big);
    snprintf(cmd, sizeof cmd, "curl -s -o %s/inflight.out -w '%%{http_code}' --limit-rate 50k "
             "-H 'Content-Type: text/plain' --data-binary @%s http://127.0.0.1:%d/v1/score "
             "> %s/inflight.code &", tmp, path, port, tmp);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    nanosleep(&(struct timespec){ 0, 700000000 }, NULL);  /* the upload takes 2 s */
    CU_ASSERT_EQUAL_FATAL(kill(server_pid, SIGTERM), 0);
    int st = 0;
    CU_ASSERT_EQUAL(waitpid(server_pid, &st, 0), server_pid);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    server_pid = 0;
    char code_path[300], out_path[300];
    snprintf(code_path, sizeof code_path, "%s/inflight.code", tmp);
    snprintf(out_path, sizeof out_path, "%s/inflight.out", tmp);
    size_t n = 0;
    char *code = NULL;
    for (int i = 0; i < 100 && !(code = ht_test_read_file(code_path, &n), code && n); i++) {
        free(code);  /* curl writes the status when it is done */
        code = NULL;
        nanosleep(&(struct timespec){ 0, 100000000 }, NULL);
    }
    CU_ASSERT_TRUE(code && !strcmp(code, "200"));
    free(code);
    char *out = ht_test_read_file(out_path, &n);
    json_t *o = out ? json_loadb(out, n, 0, NULL) : NULL;
    CU_ASSERT_EQUAL(json_integer_value(json_object_get(json_object_get(o, "stats"), "bytes")),
                    100000);
    json_decref(o);
    free(out);
    CU_ASSERT_NOT_EQUAL(http("GET", "/v1/health", NULL, NULL), 200);  /* gone */
}

/* Bad options are named with their values; a port in use is named with the
 * address asked for (libmicrohttpd's own "port 0" line stays out); a name
 * resolves to its IPv4 address, and the banner names what was bound. */
static void test_startup_errors(void)
{
    char cmd[700], err_path[300];
    snprintf(err_path, sizeof err_path, "%s/startup.err", tmp);
    const struct {
        const char *args, *words;
        int status;
    } cases[] = {
        { "--threads 0", "--threads must be 1..256, not '0'", 2 },
        { "--max-queue x", "--max-queue must be 1..1000000, not 'x'", 2 },
        { "--max-token -1", "--max-token must be a whole number", 2 },
        { "--listen '[::1]:8080'", "IPv6 is not supported", 2 },
        { "--listen 127.0.0.1:99999", "the port must be 1..65535", 2 },
        { "--listen 127.0.0.1", "it is not HOST:PORT", 2 },
        { "0.0.0.0:8080", "unexpected argument '0.0.0.0:8080' (an address goes with --listen)", 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(cmd, sizeof cmd, "%s serve %s 2> %s", haltung(), cases[i].args, err_path);
        int st = system(cmd);
        CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == cases[i].status);
        size_t n;
        char *err = ht_test_read_file(err_path, &n);
        CU_ASSERT_PTR_NOT_NULL(err && strstr(err, cases[i].words));
        free(err);
    }
    /* the test server's port is taken: exit 1, the address named once */
    snprintf(cmd, sizeof cmd, "%s serve --listen localhost:%d --threads 1 2> %s", haltung(), port,
             err_path);
    int st = system(cmd);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    size_t n;
    char *err = ht_test_read_file(err_path, &n), want[80];
    snprintf(want, sizeof want, "cannot listen on 127.0.0.1:%d: Address already in use", port);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, want));
    CU_ASSERT_PTR_NULL(err && strstr(err, "port 0"));
    free(err);
}

/* Clients that hang up halfway through a request are answered by nothing and
 * leave no line each in the server's log (libmicrohttpd reports every one);
 * the server goes on answering. */
static void test_hang_ups_not_logged(void)
{
    for (int i = 0; i < 5; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        CU_ASSERT_TRUE_FATAL(fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0);
        const char part[] = "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc";
        CU_ASSERT_EQUAL(write(fd, part, sizeof part - 1), (ssize_t)(sizeof part - 1));
        close(fd);
    }
    CU_ASSERT_EQUAL(http("GET", "/v1/health", NULL, NULL), 200);
    nanosleep(&(struct timespec){ 0, 300000000 }, NULL);
    char log[300];
    snprintf(log, sizeof log, "%s/serve-%d.err", tmp, port);
    size_t n;
    char *err = ht_test_read_file(log, &n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(err);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "haltung: serving on http://127.0.0.1:"));
    CU_ASSERT_PTR_NULL(strstr(err, "closed by remote side"));
    free(err);
}

int main(void)
{
    static const ht_test_case cases[] = {
        { "serve starts on a free loopback port", test_start },
        { "POST /v1/score answers what haltung score prints", test_same_as_score },
        { "bad requests: 400, 404, 405, 413, 422 with JSON errors", test_bad_requests },
        { "POST /v1/score/batch: in order, errors per line", test_batch },
        { "GET / and GET /v1/models", test_page_and_models },
        { "serve --tone-only answers what score --tone-only prints", test_tone_only_server },
        { "?tone_only for one request, then actors again", test_tone_only_per_request },
        { "?stance_as_party for one request, then words alone again", test_stance_as_party_per_request },
        { "startup errors: options and a port in use named", test_startup_errors },
        { "clients that hang up are not logged one by one", test_hang_ups_not_logged },
        { "503 when saturated", test_saturated_503 },
        { "a body that trickles in is cut off (--body-timeout)", test_body_timeout },
        { "SIGTERM: the request in flight is answered, exit 0", test_sigterm_exits_zero },
        { NULL, NULL }
    };
    int rc = ht_test_main("serve", cases);
    if (server_pid > 0)
        kill(server_pid, SIGKILL);
    return rc;
}
