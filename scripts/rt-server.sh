#!/usr/bin/env bash
# Runs a private Request Tracker 5 server for the RT connector's tests.
#
#   scripts/rt-server.sh install   installs RT 5 with SQLite (and exim4 and openssl for the e-mail tests) from Debian
#                                  packages when missing (needs root)
#   scripts/rt-server.sh start     starts RT on a free loopback port with a private copy of the database,
#                                  creates the test setup and writes $STATE/env (RT_URL, RT_TOKEN, ...)
#   scripts/rt-server.sh stop      stops the server started by "start"
#   scripts/rt-server.sh status    exits 0 when the server answers
#
# State directory: $HELPLINE_RT_STATE, default /tmp/helpline-rt. Every start uses a fresh copy of the
# packaged database, so tests never see tickets of an earlier run and the packaged database is never written.
set -euo pipefail

RT_HOME=/usr/share/request-tracker5
RT_SERVER=$RT_HOME/libexec/rt-server
PACKAGED_DB=/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb
STATE=${HELPLINE_RT_STATE:-/tmp/helpline-rt}
START_TIMEOUT=${HELPLINE_RT_START_TIMEOUT:-60}

die() { echo "rt-server.sh: $*" >&2; exit 1; }

installed() { [ -x "$RT_SERVER" ] && [ -f "$PACKAGED_DB" ] && [ -x /usr/bin/rt-mailgate ] && [ -x /usr/sbin/exim4 ] \
  && command -v openssl >/dev/null; }

cmd_install() {
  if installed; then echo "Request Tracker is already installed"; return 0; fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || die "installing needs root (apt-get) or sudo"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # exim4 is the mail server RT's packages bring (default-mta); the e-mail connector's tests run it in front of
  # rt-mailgate, with a test certificate made by openssl. Named here so that an image whose default MTA is another
  # one still gets them.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends request-tracker5 rt5-db-sqlite \
    exim4-daemon-light openssl
  installed || die "request-tracker5 installed but $RT_SERVER or $PACKAGED_DB is missing"
}

# Perl (with RT's own dependencies) is the one tool a machine with RT is sure to have: no curl or python needed.
free_port() {
  perl -MIO::Socket::INET -e 'my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0)
    or die "no free port: $!\n"; print $s->sockport, "\n"'
}

answers() { # $1 = port
  perl -MHTTP::Tiny -MMIME::Base64 -e '
    my $r = HTTP::Tiny->new(timeout => 5, agent => "helpline-rt-server.sh", max_redirect => 0)->get(
      "http://127.0.0.1:$ARGV[0]/REST/2.0/rt", { headers => { Authorization => "Basic " . encode_base64("root:password", "") } });
    exit($r->{status} == 200 ? 0 : 1)' "$1" 2>/dev/null
}

running() {
  [ -f "$STATE/pid" ] && kill -0 "$(cat "$STATE/pid")" 2>/dev/null
}

cmd_stop() {
  if [ -f "$STATE/pid" ]; then
    local pid; pid=$(cat "$STATE/pid")
    # rt-server was started with setsid: its pid is the group id of it and its workers.
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/pid" "$STATE/env"
  fi
}

cmd_status() {
  running && [ -f "$STATE/env" ] && answers "$(cat "$STATE/port")"
}

cmd_start() {
  installed || die "Request Tracker is not installed: run 'bash scripts/rt-server.sh install' (as root) first"
  for f in "$PACKAGED_DB" /etc/request-tracker5/RT_SiteConfig.pm /etc/request-tracker5/RT_SiteConfig.d/51-dbconfig-common.pm; do
    [ -r "$f" ] || die "cannot read $f (RT's packages make it readable by root and www-data only): run as root"
  done
  if cmd_status; then echo "already running: $(cat "$STATE/env" | grep RT_URL)"; return 0; fi
  cmd_stop
  mkdir -p "$STATE/conf"
  chmod 700 "$STATE"
  rm -f "$STATE"/conf/*.pm
  cp "$PACKAGED_DB" "$STATE/rtdb"
  # The packaged site configuration, plus our overrides: private database, log to a file.
  cp /etc/request-tracker5/RT_SiteConfig.d/*.pm "$STATE/conf/"
  cat > "$STATE/conf/99-helpline-test.pm" <<PM
Set(\$DatabaseName, '$STATE/rtdb');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'warning');
# Outgoing mail (auto-replies to test requesters) goes to temporary files, never to the local MTA.
Set(\$MailCommand, 'testfile');
PM
  export RT_SITE_CONFIG_DIR="$STATE/conf"
  local port; port=$(free_port)
  [ -n "$port" ] || die "no free port"
  echo "$port" > "$STATE/port"
  setsid "$RT_SERVER" --port "$port" >"$STATE/rt.log" 2>&1 < /dev/null &
  echo $! > "$STATE/pid"
  local deadline=$((SECONDS + START_TIMEOUT))
  until answers "$port"; do
    if ! running; then tail -n 30 "$STATE/rt.log" >&2; die "rt-server exited during start (log: $STATE/rt.log)"; fi
    if [ $SECONDS -ge $deadline ]; then tail -n 30 "$STATE/rt.log" >&2; cmd_stop; die "rt-server did not answer within ${START_TIMEOUT}s"; fi
    sleep 0.2
  done
  setup > "$STATE/setup.out" 2>"$STATE/setup.err" || { cat "$STATE/setup.err" >&2; cat "$STATE/setup.out" >&2; cmd_stop; die "setup failed"; }
  {
    echo "RT_URL=http://127.0.0.1:$port/"
    grep -E '^(RT_TOKEN|RT_SVC_TOKEN|RT_SVC_NOCF_TOKEN|RT_SVC_USER)=' "$STATE/setup.out"
  } > "$STATE/env.tmp"
  chmod 600 "$STATE/env.tmp"
  mv "$STATE/env.tmp" "$STATE/env"
  echo "Request Tracker answers at http://127.0.0.1:$port/ (env: $STATE/env)"
}

# Idempotent test setup through RT's own Perl API (REST2 cannot create tokens or apply custom fields):
# queues Billing (with the submission field) and Triage (without it), the custom field Helpline-Submission
# applied to General and Billing, queues Email and Email-Billing that take mail through rt-mailgate (Everyone may
# create tickets there, as RT's mail set-up requires; the e-mail connector's tests use them), a privileged service account with only the rights the connector needs,
# and auth tokens for root (the agent) and the service account (the connector).
setup() {
  perl -w - <<'PERL'
use strict;
use lib "/usr/share/request-tracker5/lib";
use RT; RT::LoadConfig(); RT::Init();
sub check { my ($what, $ok, $msg) = @_; die "$what: $msg\n" unless $ok; }
my $sys = RT->SystemUser;

my %queue;
for my $name (qw(General Billing Triage Email Email-Billing)) {
  my $q = RT::Queue->new($sys); $q->Load($name);
  unless ($q->Id) { my ($ok, $msg) = $q->Create(Name => $name); check("queue $name", $ok, $msg); }
  $queue{$name} = $q;
}

my $everyone = RT::Group->new($sys); $everyone->LoadSystemInternalGroup('Everyone');
for my $name (qw(Email Email-Billing)) {
  for my $right (qw(CreateTicket ReplyToTicket)) {
    next if $everyone->PrincipalObj->HasRight(Right => $right, Object => $queue{$name});
    my ($ok, $msg) = $everyone->PrincipalObj->GrantRight(Right => $right, Object => $queue{$name});
    check("grant $right on $name to Everyone", $ok, $msg);
  }
}

my $cf = RT::CustomField->new($sys);
$cf->LoadByName(Name => 'Helpline-Submission', LookupType => 'RT::Queue-RT::Ticket');
unless ($cf->Id) {
  my ($ok, $msg) = $cf->Create(Name => 'Helpline-Submission', Type => 'FreeformSingle',
      LookupType => 'RT::Queue-RT::Ticket', Description => 'Helpline submission id (deduplicates retries)');
  check('custom field', $ok, $msg);
}
for my $name (qw(General Billing)) {
  next if $cf->IsAdded($queue{$name}->Id);
  my ($ok, $msg) = $cf->AddToObject($queue{$name}); check("apply field to $name", $ok, $msg);
}

# helpline-svc has exactly the rights docs/connectors/request-tracker.md lists; helpline-svc-nocf lacks
# SetInitialCustomField, to test that the connector notices RT silently dropping the submission id.
my @all = qw(SeeQueue CreateTicket ShowTicket ReplyToTicket SeeCustomField SetInitialCustomField);
my %accounts = ('helpline-svc' => [@all], 'helpline-svc-nocf' => [grep { $_ ne 'SetInitialCustomField' } @all]);
for my $name (sort keys %accounts) {
  my $svc = RT::User->new($sys); $svc->Load($name);
  unless ($svc->Id) {
    my ($ok, $msg) = $svc->Create(Name => $name, EmailAddress => "$name\@example.invalid",
        RealName => 'Helpline service account', Privileged => 1);
    check("service account $name", $ok, $msg);
  }
  for my $right (@{ $accounts{$name} }) {
    next if $svc->PrincipalObj->HasRight(Right => $right, Object => $RT::System);
    my ($ok, $msg) = $svc->PrincipalObj->GrantRight(Right => $right, Object => $RT::System);
    check("grant $right to $name", $ok, $msg);
  }
}

for my $user (['RT_TOKEN', 'root'], ['RT_SVC_TOKEN', 'helpline-svc'], ['RT_SVC_NOCF_TOKEN', 'helpline-svc-nocf']) {
  my $owner = RT::User->new($sys); $owner->Load($user->[1]);
  # Created as the system user: users may only create their own tokens, and only with ManageAuthTokens.
  my ($id, $msg, $token) = RT::AuthToken->new($sys)->Create(Owner => $owner->Id, Description => 'helpline tests');
  check("token for $user->[1]", $id, $msg);
  print "$user->[0]=$token\n";
}
print "RT_SVC_USER=helpline-svc\n";
PERL
}

case "${1:-}" in
  install) cmd_install ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 install|start|stop|status" >&2; exit 2 ;;
esac
