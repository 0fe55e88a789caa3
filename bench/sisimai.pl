#!/usr/bin/perl
# Baseline for bench/decode.mjs: Debian's Perl Sisimai over the same files, timed inside the process
# (so that Perl's start-up is not counted), best of N passes. Prints one JSON object.
use strict;
use warnings;
use Sisimai;
use Time::HiRes qw(time);
use JSON::PP;

my ($dir, $passes) = @ARGV;
$passes ||= 3;
my $best;
my $results = 0;
my $files = 0;
opendir(my $dh, $dir) or die "cannot open $dir: $!";
$files = grep { /\.eml$/ } readdir($dh);
closedir($dh);
for (1 .. $passes) {
    my $t0 = time;
    my $data = Sisimai->make($dir, 'delivered' => 1, 'vacation' => 1) || [];
    my $dt = time - $t0;
    $results = scalar @$data;
    $best = $dt if !defined $best || $dt < $best;
}
print encode_json({ tool => "perl-sisimai-$Sisimai::VERSION", files => $files, results => $results,
                    seconds => $best, messagesPerSecond => $files / $best }), "\n";
