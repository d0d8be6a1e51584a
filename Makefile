# haltung: build, test, install.
# One static library (libhaltung.a) built from features/, training/ and classifier/,
# one CLI (./haltung) built from cli/. Every tests/test_*.c is its own CUnit program.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
CORPORA ?= ../shared/corpora

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# -flto was tried: scoring 1-4 % faster, feature extraction 6 % slower (the
# extractor's loops inlined into their callers grow too large), so not used.
CFLAGS  ?= -O3 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) -I. \
             $(shell pkg-config --cflags libutf8proc jansson libmicrohttpd 2>/dev/null)
LIBS     = -llinear -lstemmer $(shell pkg-config --libs libutf8proc jansson 2>/dev/null || echo -lutf8proc -ljansson) \
           $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) -lpthread -lm
TEST_LIBS = $(shell pkg-config --libs cunit 2>/dev/null || echo -lcunit)

BUILD   ?= build
LIB_SRC  = $(sort $(wildcard features/*.c training/*.c classifier/*.c))
CLI_SRC  = $(sort $(wildcard cli/*.c))
TEST_SRC = $(sort $(wildcard tests/test_*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  = $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT = $(BUILD)/tests/support.o

DEPS_DEB = build-essential pkg-config liblinear-dev libutf8proc-dev libjansson-dev \
           libcunit1-dev libstemmer-dev libmicrohttpd-dev curl liblinear-tools \
           python3-distributed clang libclang-rt-14-dev

.PHONY: all deps deps-browser test test-browser check valgrind fuzz fuzz-build bench models install uninstall clean tests-build

all: haltung

# Objects the pattern rules make are kept; make would otherwise delete them as intermediates.
.SECONDARY:

deps:
	@if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEPS_DEB)

# Debian's chromium, for make test-browser only (large, so apart from deps).
deps-browser:
	@if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libhaltung.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

libhaltung.a: $(BUILD)/libhaltung.a
	cp $< $@

$(BUILD)/haltung: $(CLI_OBJ) $(BUILD)/libhaltung.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libhaltung.a $(LIBS)

# Copied then renamed: a running ./haltung (a benchmark) does not block the update.
haltung: $(BUILD)/haltung
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_SUPPORT) $(BUILD)/libhaltung.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(TEST_SUPPORT) $(BUILD)/libhaltung.a $(LIBS) $(TEST_LIBS)

tests-build: $(BUILD)/haltung $(TEST_BIN)

# The suites run from the repository root so that they find models/ and tests/data/.
test: tests-build
	@HALTUNG=$(BUILD)/haltung HALTUNG_MODELS=models sh tests/run.sh $(TEST_BIN)

# Headless Chromium against the page haltung serve shows (skips without chromium).
test-browser: $(BUILD)/haltung
	@HALTUNG=$(BUILD)/haltung sh tests/browser.sh

# The same suites under AddressSanitizer and UndefinedBehaviorSanitizer, in their own build folder.
check:
	$(MAKE) BUILD=build-san CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" test

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang in their own folder and run for
# FUZZ_SECONDS each by tests/fuzz/run.sh; any crash, leak, hang or broken check fails. Never
# part of make test. Findings land in build-fuzz/findings/, logs in build-fuzz/logs/.
FUZZ_SECONDS ?= 60
FUZZ_RSS_MB  ?= 2048
FUZZ_TIMEOUT ?= 10
FUZZ_CFLAGS   = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all
FUZZ_TARGETS  = $(sort $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c))))
FUZZ_SERVE_OBJ = $(BUILD)/cli/serve_http.o $(BUILD)/cli/serve_page.o

$(BUILD)/fuzz/fuzz_serve: tests/fuzz/fuzz_serve.c tests/fuzz/fuzz.h $(FUZZ_SERVE_OBJ) $(BUILD)/libhaltung.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(FUZZ_SERVE_OBJ) $(BUILD)/libhaltung.a $(LIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(BUILD)/libhaltung.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -MMD -MP -o $@ $< $(BUILD)/libhaltung.a $(LIBS)

fuzz-build: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_RSS_MB=$(FUZZ_RSS_MB) FUZZ_TIMEOUT=$(FUZZ_TIMEOUT) \
	    HALTUNG_MODELS=models sh tests/fuzz/run.sh build-fuzz $(FUZZ_TARGETS)

$(BUILD)/bench/bench-features: bench/features.c $(BUILD)/libhaltung.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libhaltung.a $(LIBS)

# The suites under valgrind's leak checker (large inputs shrunk by HT_TEST_SMALL).
valgrind: tests-build
	@for t in $(TEST_BIN); do \
	    echo "== $$t"; \
	    HT_TEST_SMALL=1 HALTUNG=$(BUILD)/haltung HALTUNG_MODELS=models \
	        valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	        --error-exitcode=9 $$t > $(BUILD)/valgrind.log 2>&1 \
	        || { cat $(BUILD)/valgrind.log; exit 1; }; \
	done; echo "valgrind: no errors, no leaks"

# Throughput benchmarks: run by hand, never part of the tests.
bench: haltung $(BUILD)/bench/bench-features
	sh bench/features.sh
	sh bench/score.sh

models: haltung
	sh training/make-models.sh "$(CORPORA)"

install: haltung
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/haltung/models
	install -m 755 haltung $(DESTDIR)$(PREFIX)/bin/haltung
	install -m 644 models/*.model models/*.json models/*.txt $(DESTDIR)$(PREFIX)/share/haltung/models/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/haltung
	rm -rf $(DESTDIR)$(PREFIX)/share/haltung

clean:
	rm -rf build build-san build-fuzz haltung libhaltung.a

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d) $(TEST_SUPPORT:.o=.d) \
         $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%.d)
