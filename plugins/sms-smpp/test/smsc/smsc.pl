#!/usr/bin/perl
# An SMSC for the sms-smpp plugin's tests, on Net::SMPP (Debian libnet-smpp-perl): an SMPP
# implementation independent of the node `smpp` library the plugin uses, so that an encoding
# bug cannot hide behind one library talking to itself.
#
# Driven by JSON lines: commands on stdin, events on stdout (see perl-smsc.ts).
use strict;
use warnings;
use utf8;
use Net::SMPP;
use IO::Select;
use JSON::PP;
use Encode qw(decode);
use Socket qw(SHUT_WR);

$| = 1;
my $json = JSON::PP->new->utf8->canonical;

# GSM 03.38 default alphabet, one octet per septet (unpacked), and its extension table.
my @GSM = split //, join '',
  "\@£\$¥èéùìòÇ\nØø\rÅå", "Δ_ΦΓΛΩΠΨΣΘΞ\x{1b}ÆæßÉ", " !\"#¤%&'()*+,-./", "0123456789:;<=>?",
  "¡ABCDEFGHIJKLMNO", "PQRSTUVWXYZÄÖÑÜ§", "¿abcdefghijklmno", "pqrstuvwxyzäöñüà";
my %GSM_EXT = (0x0A => "\f", 0x14 => '^', 0x28 => '{', 0x29 => '}', 0x2F => '\\',
  0x3C => '[', 0x3D => '~', 0x3E => ']', 0x40 => '|', 0x65 => '€');

sub gsm_decode {
  my @o = unpack 'C*', shift;
  my $s = '';
  for (my $i = 0; $i < @o; $i++) {
    if ($o[$i] == 0x1B && $i + 1 < @o) { $i++; $s .= $GSM_EXT{$o[$i]} // $GSM[$o[$i] & 0x7F]; }
    else { $s .= $GSM[$o[$i] & 0x7F]; }
  }
  return $s;
}

sub text_of {
  my ($dc, $bytes) = @_;
  return decode('UTF-16BE', $bytes) if $dc == 8;
  return decode('latin1', $bytes) if $dc == 3;
  return gsm_decode($bytes);
}

sub emit { print $json->encode(shift), "\n"; }

my $listen = Net::SMPP->new_listen('127.0.0.1', port => 0, smpp_version => 0x34)
  or die "cannot listen: $!";
my $select = IO::Select->new($listen, \*STDIN);

my (%conn, $bound);           # fileno => { smpp, id, outstanding, dropping }
my $next_conn = 1;
my $next_id = 5_000_000 + int(rand(1_000_000));
my ($hex, $holding, $drop_after, $hold_after) = (0, 0, undef, undef);
my ($throttle_count, $throttle_status) = (0, 0);
my @held;                     # [conn, seq, index]
my %waiting;                  # "conn:seq" => tag
my @submits;                  # index => { ... } to answer later
my $stdin_buf = '';

emit({ ev => 'listening', port => $listen->sockport });

sub answer {
  my ($c, $seq, $index) = @_;
  $c->{outstanding}--;
  if ($throttle_count > 0) {
    $throttle_count--;
    $c->{smpp}->submit_sm_resp(seq => $seq, message_id => '', status => $throttle_status);
    emit({ ev => 'answered', index => $index, id => undef, status => $throttle_status });
    return;
  }
  my $n = $next_id++;
  my $id = $hex ? sprintf('%x', $n) : "$n";
  $c->{smpp}->submit_sm_resp(seq => $seq, message_id => $id);
  emit({ ev => 'answered', index => $index, id => $id, status => 0 });
}

sub close_conn {
  my $fd = shift;
  my $c = delete $conn{$fd} or return;
  $select->remove($c->{smpp});
  close $c->{smpp};
  @held = grep { $_->[0] != $c } @held;
  $bound = undef if $bound && $bound == $c;
  emit({ ev => 'closed', conn => $c->{id} });
}

sub on_pdu {
  my ($c, $pdu) = @_;
  my $cmd = $pdu->{cmd};
  my $s = $c->{smpp};
  return if $c->{dropping};
  if ($cmd == 0x00000009) {
    emit({ ev => 'bind', conn => $c->{id}, system_id => $pdu->{system_id},
           password => $pdu->{password}, system_type => $pdu->{system_type} });
    if ($bound) { $s->bind_transceiver_resp(seq => $pdu->{seq}, system_id => 'PERLSMSC', status => 0x05); return; }
    $bound = $c;
    $s->bind_transceiver_resp(seq => $pdu->{seq}, system_id => 'PERLSMSC');
  } elsif ($cmd == 0x00000004) {
    my $sm = $pdu->{short_message};
    my $udh;
    if ($pdu->{esm_class} & 0x40) {
      my $len = ord(substr($sm, 0, 1));
      my $h = substr($sm, 1, $len);
      $sm = substr($sm, $len + 1);
      my ($iei, $l, $ref, $total, $seqn) = unpack 'CCCCC', $h;
      $udh = { ref => $ref, total => $total, seq => $seqn } if $iei == 0 && $l == 3;
    }
    $c->{outstanding}++;
    my $index = scalar @submits;
    push @submits, 1;
    emit({ ev => 'submit', index => $index, conn => $c->{id},
           dest => $pdu->{destination_addr}, dest_ton => $pdu->{dest_addr_ton},
           source => $pdu->{source_addr}, source_ton => $pdu->{source_addr_ton},
           esm_class => $pdu->{esm_class}, data_coding => $pdu->{data_coding},
           registered_delivery => $pdu->{registered_delivery}, udh => $udh,
           text => text_of($pdu->{data_coding}, $sm), outstanding => $c->{outstanding} });
    if (defined $drop_after) {
      if ($drop_after == 0) {
        undef $drop_after;
        $c->{dropping} = 1;
        shutdown($s, SHUT_WR);   # FIN: what was answered still reaches the ESME
        return;
      }
      $drop_after--;
    }
    if (defined $hold_after) {
      if ($hold_after == 0) { undef $hold_after; $holding = 1; } else { $hold_after--; }
    }
    if ($holding) { push @held, [$c, $pdu->{seq}, $index]; } else { answer($c, $pdu->{seq}, $index); }
  } elsif ($cmd == 0x00000015) {
    $s->enquire_link_resp(seq => $pdu->{seq});
  } elsif ($cmd == 0x00000006) {
    $s->unbind_resp(seq => $pdu->{seq});
    close_conn(fileno($s));
  } elsif ($cmd == 0x80000005 || $cmd == 0x80000015) {
    my $tag = delete $waiting{"$c->{id}:$pdu->{seq}"};
    emit({ ev => $cmd == 0x80000005 ? 'deliver_resp' : 'enquire_resp', tag => $tag, status => $pdu->{status} });
  }
}

sub on_command {
  my $m = shift;
  my $cmd = $m->{cmd};
  if ($cmd eq 'throttle') { ($throttle_count, $throttle_status) = ($m->{count}, $m->{status}); }
  elsif ($cmd eq 'hold') { $holding = 1; }
  elsif ($cmd eq 'hold_after') { $hold_after = $m->{count}; }
  elsif ($cmd eq 'release') {
    $holding = 0;
    undef $hold_after;
    my @all = @held; @held = ();
    answer(@$_) for @all;
  }
  elsif ($cmd eq 'drop_after') { $drop_after = $m->{count}; }
  elsif ($cmd eq 'hex_ids') { $hex = $m->{on} ? 1 : 0; }
  elsif ($cmd eq 'deliver' || $cmd eq 'receipt' || $cmd eq 'enquire') {
    unless ($bound) { emit({ ev => 'deliver_resp', tag => $m->{tag}, status => -1 }); return; }
    my $s = $bound->{smpp};
    my $seq;
    if ($cmd eq 'enquire') { $seq = $s->enquire_link(async => 1); }
    elsif ($cmd eq 'deliver') {
      $seq = $s->deliver_sm(async => 1, source_addr_ton => $m->{from_ton}, source_addr_npi => 1,
        source_addr => $m->{from}, dest_addr_ton => 1, dest_addr_npi => 1,
        destination_addr => $m->{to}, esm_class => $m->{esm_class},
        data_coding => $m->{data_coding}, short_message => pack('H*', $m->{short_message_hex}));
    } else {
      my $id = $hex ? sprintf('%d', hex($m->{id})) : $m->{id};
      my %state = (ENROUTE => 1, DELIVRD => 2, EXPIRED => 3, DELETED => 4, UNDELIV => 5,
                   ACCEPTD => 6, UNKNOWN => 7, REJECTD => 8);
      my $dlvrd = $m->{stat} eq 'DELIVRD' ? '001' : '000';
      my $text = "id:$id sub:001 dlvrd:$dlvrd submit date:2601011200 done date:2601011201 "
        . "stat:$m->{stat} err:$m->{err} text:";
      $seq = $s->deliver_sm(async => 1, source_addr_ton => 1, source_addr_npi => 1,
        source_addr => $m->{from}, destination_addr => $m->{to}, esm_class => 0x04,
        data_coding => 0, short_message => $text,
        receipted_message_id => "$id\0", message_state => pack('C', $state{$m->{stat}}));
    }
    $waiting{"$bound->{id}:$seq"} = $m->{tag};
  }
  elsif ($cmd eq 'stop') { exit 0; }
}

for (;;) {
  for my $fh ($select->can_read) {
    if ($fh == $listen) {
      my $s = $listen->accept or next;
      $conn{fileno($s)} = { smpp => $s, id => $next_conn++, outstanding => 0 };
      $select->add($s);
    } elsif ($fh == \*STDIN) {
      my $n = sysread(STDIN, $stdin_buf, 65536, length $stdin_buf);
      exit 0 unless $n;
      while ($stdin_buf =~ s/^([^\n]*)\n//) { on_command($json->decode($1)) if length $1; }
    } else {
      my $c = $conn{fileno($fh)} or next;
      my $pdu = $c->{smpp}->read_pdu();
      if (!$pdu) { close_conn(fileno($fh)); next; }
      on_pdu($c, $pdu);
    }
  }
}
