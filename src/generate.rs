//! Special modes that describe the command line itself: the operation's
//! long help, shell completion scripts and the man page. All of them are
//! generated from the clap definitions, so they cannot drift from the
//! parser, and none of them touches configuration, credentials or the
//! network (except `__complete-profiles`, which reads the profile names).

use std::io;

use aws_runtime::env_config::file::EnvConfigFiles;
use aws_types::os_shim_internal::{Env, Fs};
use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::Cli;
use crate::help;

const LIST: &str = "list-user-import-jobs";

/// The hidden argument under which the completion scripts ask for profile
/// names; the scripts below spell it out.
pub const COMPLETE_PROFILES: &str = "__complete-profiles";

/// The command tree as `--help` sees it: built, so global options and
/// binary names have been propagated to the subcommands.
fn command() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

fn list_command(cmd: &clap::Command) -> io::Result<&clap::Command> {
    cmd.find_subcommand(LIST)
        .ok_or_else(|| io::Error::other("the list-user-import-jobs subcommand is missing"))
}

/// What `cogimport list-user-import-jobs --help` prints, for aws's
/// `list-user-import-jobs help` spelling.
pub fn list_help() -> io::Result<String> {
    let mut cmd = command();
    let list = cmd
        .find_subcommand_mut(LIST)
        .ok_or_else(|| io::Error::other("the list-user-import-jobs subcommand is missing"))?;
    Ok(list.render_long_help().to_string())
}

/// A completion script for `shell`.
///
/// Why static scripts plus a hidden `__complete-profiles` subcommand rather
/// than clap_complete's dynamic engine: the static generators are clap_complete's
/// stable API, complete options and values with no process spawned, and
/// keep argv handling untouched (the dynamic engine answers whenever a
/// `COMPLETE`-style variable is set, which a drop-in for aws should not).
/// Only profile names must be read at completion time, so only `--profile`
/// calls back into the binary; the glue for that is appended (bash, fish)
/// or substituted for the value action (zsh). PowerShell and elvish get
/// the static script without profile names.
pub fn completion(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    // clap_complete panics if its writer fails; a Vec cannot.
    clap_complete::generate(shell, &mut cmd, "cogimport", &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    match shell {
        Shell::Bash => script + BASH_PROFILES,
        Shell::Zsh => zsh_with_profiles(&script),
        Shell::Fish => script + FISH_PROFILES,
        _ => script,
    }
    .into_bytes()
}

/// Wraps clap's `_cogimport` so the word after `--profile` (or
/// `--profile=`, which bash splits at `=`) completes from the profile list,
/// and everything else keeps clap's behaviour. The binary that is being
/// completed is asked, so `./target/debug/cogimport` works as well.
const BASH_PROFILES: &str = r#"
_cogimport_with_profiles() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    local prev="${COMP_WORDS[COMP_CWORD-1]}"
    if [[ "$cur" == "=" && "$prev" == "--profile" ]]; then
        cur=""
    elif [[ "$prev" == "=" && "${COMP_WORDS[COMP_CWORD-2]}" == "--profile" ]]; then
        prev="--profile"
    fi
    if [[ "$prev" == "--profile" ]]; then
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" __complete-profiles 2>/dev/null)" -- "$cur"))
        return 0
    fi
    _cogimport "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _cogimport_with_profiles -o nosort -o bashdefault -o default cogimport
else
    complete -F _cogimport_with_profiles -o bashdefault -o default cogimport
fi
"#;

/// fish merges every `complete` line for an option, so this adds the
/// profile names (and turns off file names) for `--profile`.
const FISH_PROFILES: &str = "
complete -c cogimport -l profile -x -a '(__fish_cogimport_profiles)'
function __fish_cogimport_profiles
    set -l cmd (commandline -opc)
    $cmd[1] __complete-profiles 2>/dev/null
end
";

const ZSH_PROFILES: &str = "
(( $+functions[_cogimport_profiles] )) ||
_cogimport_profiles() {
    local -a profiles
    profiles=(${(f)\"$(${words[1]} __complete-profiles 2>/dev/null)\"})
    _describe -t profiles 'profile' profiles
}
";

/// clap's zsh script gives `--profile` the generic `_default` action; point
/// it at a function that lists the profile names instead.
fn zsh_with_profiles(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + ZSH_PROFILES.len());
    for line in script.split_inclusive('\n') {
        if line.trim_start().starts_with("'--profile=[") {
            out.push_str(&line.replacen(":_default'", ":_cogimport_profiles'", 1));
        } else {
            out.push_str(line);
        }
    }
    // Defined before the dispatch at the end, which may call `_cogimport`
    // right away.
    match out.rfind("\nif [ \"$funcstack[1]\" = \"_cogimport\" ]") {
        Some(at) => out.insert_str(at, ZSH_PROFILES),
        None => out.push_str(ZSH_PROFILES),
    }
    out
}

/// The names `--profile` accepts: `default`, then every profile of the
/// config and credentials files (the files the environment names, or
/// ~/.aws/config and ~/.aws/credentials), one a line. Unreadable files add
/// nothing: completion must never print an error into the command line.
pub async fn profile_names() -> String {
    let mut names = vec!["default".to_owned()];
    let loaded =
        aws_config::profile::load(&Fs::real(), &Env::real(), &EnvConfigFiles::default(), None)
            .await;
    if let Ok(profiles) = loaded {
        let mut found: Vec<String> = profiles.profiles().map(str::to_owned).collect();
        found.sort();
        names.extend(found.into_iter().filter(|name| name != "default"));
    }
    names.into_iter().map(|name| name + "\n").collect()
}

/// The man page: everything `cogimport --help` and
/// `cogimport list-user-import-jobs --help` show, as roff.
pub fn man() -> io::Result<Vec<u8>> {
    let cmd = command();
    let list = list_command(&cmd)?;
    let page = Man::new(cmd.clone()).section("1").manual("User Commands");
    let mut out = Vec::new();
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;

    let mut roff = Roff::default();
    roff.control("SH", ["SYNOPSIS"]);
    roff.text([
        bold("cogimport"),
        roman(" [global options] "),
        bold(LIST),
        roman(" --user-pool-id STRING --max-results INTEGER [options]"),
    ]);
    roff.control("br", []);
    roff.text([bold("cogimport"), roman(" "), bold(LIST), roman(" help")]);
    roff.control("br", []);
    roff.text([
        bold("cogimport completion"),
        roman(" bash|zsh|fish|powershell|elvish"),
    ]);
    roff.control("br", []);
    roff.text([bold("cogimport man")]);
    roff.control("br", []);
    roff.text([bold("cogimport --version")]);
    roff.to_writer(&mut out)?;

    page.render_description_section(&mut out)?;

    // The operation's own options, then the global ones (once: they are
    // propagated into every subcommand).
    let own: Vec<clap::Arg> = list
        .get_arguments()
        .filter(|arg| !arg.is_global_set() && arg.get_long().is_some())
        .map(|arg| arg.clone().help_heading("Options"))
        .collect();
    // Man::new builds the command, which would add a second --help.
    let own = clap::Command::new(LIST).disable_help_flag(true).args(own);
    Man::new(own).render_options_section(&mut out)?;
    let global: Vec<clap::Arg> = cmd
        .get_arguments()
        .filter(|arg| arg.is_global_set())
        .cloned()
        .collect();
    let global = clap::Command::new("cogimport")
        .disable_help_flag(true)
        .args(global);
    Man::new(global).render_options_section(&mut out)?;

    let mut roff = Roff::default();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        roff.control("TP", []);
        roff.text([bold(format!("cogimport {}", sub.get_name()))]);
        let about = sub.get_long_about().or_else(|| sub.get_about());
        if let Some(about) = about {
            roff.text([roman(about.to_string())]);
        }
    }
    for (heading, body) in help::after_long_sections() {
        roff.control("SH", [heading.to_uppercase().as_str()]);
        // The blocks are laid out by hand (columns, JSON), so keep them so.
        roff.control("nf", []);
        for line in body.lines() {
            roff.text([roman(line)]);
        }
        roff.control("fi", []);
    }
    roff.control("SH", ["VERSION"]);
    roff.text([roman(concat!("cogimport ", env!("CARGO_PKG_VERSION")))]);
    roff.to_writer(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(shell: Shell) -> String {
        String::from_utf8(completion(shell)).unwrap_or_default()
    }

    #[test]
    fn every_script_completes_profile_names_in_bash_zsh_and_fish() {
        assert!(script(Shell::Bash).contains("__complete-profiles"));
        assert!(script(Shell::Fish).contains("__complete-profiles"));
        let zsh = script(Shell::Zsh);
        assert!(zsh.contains(":_cogimport_profiles'"), "{zsh}");
        assert!(zsh.contains("__complete-profiles"));
    }

    #[test]
    fn list_help_is_the_operations_long_help() {
        let text = list_help().unwrap_or_default();
        assert!(
            text.contains("Usage: cogimport list-user-import-jobs"),
            "{text}"
        );
        assert!(text.contains("--user-pool-id"));
        assert!(text.contains("Status values:"));
    }
}
