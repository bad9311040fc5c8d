/** What a private Dovecot needs to know about its directory, port and the account it runs as. */
export interface DovecotLayout {
  /** Dovecot's major.minor, e.g. `2.3`: 2.4 renamed most settings. */
  version: string;
  /** A short name: process titles read `dovecot-<instance>/imap`, and the log says it too. */
  instance: string;
  dir: string;
  port: number;
  tls?: { port: number; cert: string; key: string };
  /** Who the mail processes run as (Dovecot refuses uid 0 for mail access). */
  mailUser: string;
  /** Set when not running as root: every service then runs as this user, without chroot. */
  unprivileged?: { user: string; group: string };
  debug?: boolean;
}

/** Special-use folders a mail client expects; created on first login, as most servers have them. */
const SPECIAL = ['Drafts', 'Sent', 'Junk', 'Trash'];

/** The whole configuration: nothing is read from /etc/dovecot, nothing is written outside `dir`. */
export function dovecotConfig(l: DovecotLayout): string {
  return l.version.startsWith('2.3') || l.version.startsWith('2.2') ? config23(l) : config24(l);
}

function config23(l: DovecotLayout): string {
  const d = l.dir;
  return `
${basics(l)}
${l.debug ? 'auth_verbose = yes\nauth_debug = yes\nmail_debug = yes' : ''}
# Plain LOGIN on a connection without TLS: this is a test server on the loopback interface.
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is answered at once, not after the default 2 s.
auth_failure_delay = 0
${l.tls ? `ssl = yes\nssl_cert = <${l.tls.cert}\nssl_key = <${l.tls.key}` : 'ssl = no'}
${users(l)}
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
${inboxNamespace()}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${d}/users
}
userdb {
  driver = static
  args = home=${d}/mail/%d/%n
}
${imapLogin(l, 'address')}
${anvil(l)}`;
}

/** Where this instance keeps its files and what it serves: the same in 2.3 and 2.4. */
function basics(l: DovecotLayout): string {
  const d = l.dir;
  return `instance_name = ${l.instance}
base_dir = ${d}/run
state_dir = ${d}/state
protocols = imap
listen = 127.0.0.1
log_path = ${d}/dovecot.log`;
}

// Written from the 2.4 documentation (Debian 13 ships 2.4); CI runs Debian 12's 2.3.
function config24(l: DovecotLayout): string {
  const d = l.dir;
  return `dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
${basics(l)}
${l.debug ? 'log_debug = category=auth OR category=mail' : ''}
# Plain LOGIN on a connection without TLS: this is a test server on the loopback interface.
auth_allow_cleartext = yes
auth_mechanisms = plain login
# A wrong password is answered at once, not after the default 2 s.
auth_failure_delay = 0
${l.tls ? `ssl = yes\nssl_server_cert_file = ${l.tls.cert}\nssl_server_key_file = ${l.tls.key}` : 'ssl = no'}
${users(l)}
first_valid_uid = 1
mail_driver = maildir
mail_path = ~/Maildir
mail_home = ${d}/mail/%{user | domain}/%{user | username}
mail_fsync = never
${inboxNamespace()}
passdb passwd-file {
  passwd_file_path = ${d}/users
  passdb_default_password_scheme = PLAIN
}
userdb static {
}
${imapLogin(l, 'listen')}
${anvil(l)}`;
}

/** The IMAP listeners on the loopback; 2.3 names their address `address`, 2.4 `listen`. */
function imapLogin(l: DovecotLayout, addressKey: 'address' | 'listen'): string {
  return `service imap-login {
  inet_listener imap {
    ${addressKey} = 127.0.0.1
    port = ${l.port}
  }
  inet_listener imaps {
    ${addressKey} = 127.0.0.1
    port = ${l.tls?.port ?? 0}
  }
${l.unprivileged ? '  chroot =\n' : ''}}`;
}

/** The same in both versions: INBOX plus the special-use folders clients expect. */
function inboxNamespace(): string {
  const folders = SPECIAL.map(
    (m) => `  mailbox ${m} {\n    special_use = \\${m}\n    auto = subscribe\n  }`,
  );
  return `namespace inbox {\n  inbox = yes\n${folders.join('\n')}\n}`;
}

// Without the penalty socket Dovecot adds no growing delay to every login from an address that
// failed one, which tests of a wrong password do on purpose.
function anvil(l: DovecotLayout): string {
  return `service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
${l.unprivileged ? '  chroot =\n' : ''}}`;
}

function users(l: DovecotLayout): string {
  if (l.unprivileged) {
    const { user, group } = l.unprivileged;
    return `default_internal_user = ${user}\ndefault_internal_group = ${group}\ndefault_login_user = ${user}`;
  }
  // As root: Dovecot's own accounts from the package; mail belongs to `mailUser`.
  return `mail_uid = ${l.mailUser}\nmail_gid = ${l.mailUser}`;
}
