# parcelclear: build, test and install.
# Two set-up commands for a fresh machine: `make demo` and `make check`.

PREFIX    ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
CC        ?= cc

PKGS      = zlib libpcre2-8 libcrypto libutf8proc libcurl libzip jansson icu-uc icu-i18n sqlite3
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -DPCRE2_CODE_UNIT_WIDTH=8 -Isrc -I$(B)/gen
WARN      = -Wall -Wextra -Werror -Wpedantic -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wvla -Wwrite-strings \
            -Wpointer-arith -Wcast-qual -fno-common
OPT      ?= -O2 -g
CFLAGS   += -std=c11 $(OPT) $(WARN)
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LDLIBS   += -lcsv $(PKG_LIBS) -lpthread
# The lane compressor: libdeflate (libdeflate-dev), one gzip member
# per 128 KiB chunk, when pkg-config finds it (LIBDEFLATE=auto, the
# default); make LIBDEFLATE=1 requires it; make LIBDEFLATE=0 builds the
# zlib compressor. Same decompressed content and digests either way.
LIBDEFLATE ?= auto
ifeq ($(LIBDEFLATE),auto)
override LIBDEFLATE := $(shell pkg-config --exists libdeflate 2>/dev/null && echo 1 || echo 0)
endif
ifeq ($(LIBDEFLATE),1)
CPPFLAGS += -DPCL_LIBDEFLATE
LDLIBS   += -ldeflate
else ifneq ($(LIBDEFLATE),0)
$(error LIBDEFLATE must be auto, 1 or 0, not '$(LIBDEFLATE)')
endif
TEST_LIBS = -lcunit

B         ?= build
SAN_FLAGS = -O1 -g3 -fsanitize=address,undefined -fno-omit-frame-pointer \
            -fno-sanitize-recover=all

LIB_SRC   = $(sort $(wildcard src/*.c))
CMD_SRC   = $(sort $(wildcard cmd/*.c))
TEST_SRC  = $(sort $(wildcard tests/test_*.c)) tests/runner.c tests/tmpdir.c \
            tests/readdiff.c
EMBED_IN  = $(sort $(wildcard data/rules/*.csv data/codes/*.csv data/fx/*.csv data/lists/*.csv data/postcodes/*.csv))

LIB_OBJ   = $(LIB_SRC:%.c=$(B)/%.o) $(B)/gen/embedded_data.o
CMD_OBJ   = $(CMD_SRC:%.c=$(B)/%.o)
TEST_OBJ  = $(TEST_SRC:%.c=$(B)/%.o)

.PHONY: all deps demo check check-report test debug clean install format lint bench FORCE

# deps first, then a new make: the compressor is detected after install
all: deps
	@$(MAKE) --no-print-directory parcelclear

deps:
	@sh scripts/install-deps.sh

parcelclear: $(B)/parcelclear
	cp $(B)/parcelclear $@

$(B)/parcelclear: $(CMD_OBJ) $(B)/libpcl.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) $(B)/libpcl.a $(LDLIBS)

$(B)/libpcl.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/run-tests: $(TEST_OBJ) $(B)/libpcl.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(B)/libpcl.a $(LDLIBS) $(TEST_LIBS)

$(B)/%.o: %.c $(wildcard src/*.h cmd/*.h tests/*.h) $(B)/gen/embedded_data.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# Data files embedded in the binary (rules, code lists, default FX table).
$(B)/embed: scripts/embed.c
	@mkdir -p $(B)
	$(CC) -std=c11 -O1 -o $@ $<

$(B)/gen/embedded_data.c $(B)/gen/embedded_data.h: $(B)/embed $(EMBED_IN)
	@mkdir -p $(B)/gen
	$(B)/embed $(B)/gen/embedded_data $(EMBED_IN)

$(B)/gen/suites.h: $(TEST_SRC)
	@mkdir -p $(B)/gen
	{ for f in $(sort $(wildcard tests/test_*.c)); do m=$${f#tests/test_}; m=$${m%.c}; \
	  echo "void test_$${m}_register(void);"; done; \
	  printf '#define PCL_SUITES'; for f in $(sort $(wildcard tests/test_*.c)); do m=$${f#tests/test_}; m=$${m%.c}; \
	  printf ' PCL_SUITE(%s)' "$$m"; done; echo; } > $@

$(B)/tests/runner.o: $(B)/gen/suites.h

# The objects that depend on the compressor choice are rebuilt when it
# changes (the stamp is rewritten only then).
$(B)/gen/compressor: FORCE
	@mkdir -p $(B)/gen
	@echo "LIBDEFLATE=$(LIBDEFLATE)" | cmp -s - $@ || echo "LIBDEFLATE=$(LIBDEFLATE)" > $@
$(B)/src/writer.o $(B)/tests/test_writer.o: $(B)/gen/compressor
FORCE:

$(B)/gen/embedded_data.o: $(B)/gen/embedded_data.c
	$(CC) $(CPPFLAGS) -std=c11 -O0 -c -o $@ $<

# make demo: install what is missing, build, clear the bundled sample manifest.
demo: all
	rm -rf out/demo
	./parcelclear run -o out/demo fixtures/demo/sample-manifest.csv
	@echo "lanes written to out/demo/:"; ls -l out/demo
	@echo "note: the sample's parcel FX-LATE-01 is dated after the embedded exchange"
	@echo "rates on purpose, to show the FX_RATE_UNAVAILABLE reject: the line above"
	@echo "about 'data update ecb' is expected here, not a set-up problem."

# make check: install what is missing, build, run every test, then again under ASan+UBSan.
check: deps
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory B=build/asan OPT="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" test

test: $(B)/run-tests $(B)/parcelclear
	cd tests && ../$(B)/run-tests
	PCL_BIN=$(B)/parcelclear sh tests/e2e.sh
	sh scripts/check-docs.sh $(B)/parcelclear

# make check-report: install Debian's chromium, render the demo report
# headless, fail on console errors; screenshot in out/report/report.png.
check-report: all
	sh scripts/install-deps.sh --report
	sh scripts/check-report.sh ./parcelclear

debug:
	$(MAKE) --no-print-directory B=build/asan OPT="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" $(B)/asan/parcelclear

bench: all
	sh scripts/bench

# make install PREFIX=...: the binary and the nightly wrapper, the man page,
# the default rule, code, FX, map and screening-list files (also embedded
# in the binary; lists/ is the copy to start a --lists DIR from)
# and the cron and systemd examples under PREFIX/share/parcelclear.
SHARE = $(DESTDIR)$(PREFIX)/share/parcelclear
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 \
	    $(SHARE)/rules $(SHARE)/codes $(SHARE)/fx $(SHARE)/maps $(SHARE)/examples \
	    $(SHARE)/lists
	install -m 755 parcelclear $(DESTDIR)$(PREFIX)/bin/parcelclear
	install -m 755 scripts/parcelclear-nightly $(DESTDIR)$(PREFIX)/bin/parcelclear-nightly
	install -m 644 cmd/parcelclear.1 $(DESTDIR)$(MANPREFIX)/man1/parcelclear.1
	install -m 644 data/rules/*.csv data/rules/README.md $(SHARE)/rules/
	install -m 644 data/codes/*.csv data/codes/README.md $(SHARE)/codes/
	install -m 644 data/fx/*.csv data/fx/README.md $(SHARE)/fx/
	install -m 644 data/maps/*.map $(SHARE)/maps/
	install -m 644 data/lists/*.csv data/lists/README.md $(SHARE)/lists/
	install -m 644 scripts/parcelclear.crontab scripts/parcelclear-nightly.service \
	    scripts/parcelclear-nightly.timer $(SHARE)/examples/

format:
	clang-format -i src/*.c src/*.h cmd/*.c cmd/*.h tests/*.c

lint:
	cppcheck --quiet --enable=warning,portability -Isrc src cmd

clean:
	rm -rf build parcelclear out
