//! `liveblog`: a thin shell over the core.
//!
//! ```text
//! liveblog parse [--format json|csv|table] [--codebook FILE] FILE...
//! liveblog eval --gold DIR [--codebook FILE] FILE...
//! ```
//! Exit 0 when at least one file parsed, 1 when none did, 2 on usage errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use liveblog::analyze::{analyze_entries, Analyzer, Codebook};
use liveblog::{AnalysedEntry, Corpus, Severity};

const USAGE: &str = "usage:
  liveblog parse [--format json|csv|table] [--codebook FILE] FILE...
  liveblog eval --gold DIR [--codebook FILE] FILE...

parse  prints every entry of the files (JSON: {\"blogs\", \"entries\", \"diagnostics\"})
eval   scores speakers, mentions and stance against reference labels in DIR";

#[derive(Debug, Clone, Copy, PartialEq)]
enum OutputFormat {
    Json,
    Csv,
    Table,
}

#[derive(Debug)]
struct Args {
    command: String,
    format: OutputFormat,
    codebook: Option<PathBuf>,
    gold: Option<PathBuf>,
    files: Vec<PathBuf>,
}

fn parse_args(argv: &[String]) -> Result<Args, String> {
    let mut iter = argv.iter();
    let command = match iter.next().map(String::as_str) {
        Some(c @ ("parse" | "eval")) => c.to_string(),
        Some("-h" | "--help" | "help") => return Err(String::new()),
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("no command given".into()),
    };
    let mut args = Args { command, format: OutputFormat::Json, codebook: None, gold: None, files: Vec::new() };
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--format" | "-f" => {
                args.format = match value("--format")?.as_str() {
                    "json" => OutputFormat::Json,
                    "csv" => OutputFormat::Csv,
                    "table" => OutputFormat::Table,
                    other => return Err(format!("unknown format `{other}` (json, csv or table)")),
                }
            }
            "--codebook" => args.codebook = Some(PathBuf::from(value("--codebook")?)),
            "--gold" => args.gold = Some(PathBuf::from(value("--gold")?)),
            "-h" | "--help" => return Err(String::new()),
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => args.files.push(PathBuf::from(file)),
        }
    }
    if args.files.is_empty() {
        return Err("no files given".into());
    }
    if args.command == "eval" && args.gold.is_none() {
        return Err("eval needs --gold DIR".into());
    }
    Ok(args)
}

fn base_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&argv) {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("liveblog: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let codebook = match &args.codebook {
        None => Codebook::builtin(),
        Some(path) => match std::fs::read_to_string(path).map_err(|e| e.to_string()).and_then(|t| Codebook::from_json(&t).map_err(|e| e.to_string())) {
            Ok(cb) => cb,
            Err(err) => {
                eprintln!("liveblog: codebook {}: {err}", path.display());
                return ExitCode::from(2);
            }
        },
    };

    let mut corpus = Corpus::new();
    let mut loaded_any = false;
    for path in &args.files {
        let name = base_name(path);
        match std::fs::read(path) {
            Ok(bytes) => loaded_any |= corpus.add_file(&name, &bytes).loaded,
            Err(err) => corpus.diagnostics.push(liveblog::Diagnostic::new(&name, None, Severity::Error, format!("cannot read {}: {err}", path.display()))),
        }
    }
    for d in &corpus.diagnostics {
        eprintln!("{d}");
    }
    let analyzer = Analyzer::new(&codebook);
    // the entries move into their analyses: `corpus` keeps only the blogs and diagnostics
    let entries = analyze_entries(&analyzer, std::mem::take(&mut corpus.entries));

    match args.command.as_str() {
        "eval" => {
            let gold = args.gold.as_deref().unwrap_or(Path::new("."));
            match liveblog::eval::evaluate(gold, &entries) {
                Ok(report) => println!("{report}"),
                Err(err) => {
                    eprintln!("liveblog: eval: {err}");
                    return ExitCode::from(2);
                }
            }
        }
        _ => print_entries(&corpus, &entries, args.format),
    }
    if loaded_any { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn print_entries(corpus: &Corpus, entries: &[AnalysedEntry], format: OutputFormat) {
    let refs: Vec<&AnalysedEntry> = entries.iter().collect();
    match format {
        OutputFormat::Json => println!("{}", liveblog::export::entries_json(&corpus.blogs, &refs, &corpus.diagnostics)),
        OutputFormat::Csv => print!("{}", liveblog::export::entries_csv(&refs)),
        OutputFormat::Table => {
            println!("{:<26} {:>3}  {:<10} {:<9} {:<10}  {:<28}  TITLE", "SOURCE", "N", "DATE", "TIME", "STANCE", "SPEAKERS");
            for e in entries {
                let when = match (&e.entry.time, &e.entry.tz) {
                    (Some(t), Some(z)) => format!("{t} {z}"),
                    (Some(t), None) => t.to_string(),
                    _ => "-".into(),
                };
                let title: String = e.entry.title.as_deref().unwrap_or_else(|| e.entry.body.lines().next().unwrap_or("")).chars().take(60).collect();
                println!(
                    "{:<26} {:>3}  {:<10} {:<9} {:<10}  {:<28}  {}",
                    clip(&e.entry.source, 26),
                    e.entry.n,
                    e.entry.date.as_deref().unwrap_or("-"),
                    when,
                    e.analysis.stance.map_or("-", |s| s.as_str()),
                    clip(&e.analysis.speakers.join(", "), 28),
                    title
                );
            }
        }
    }
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Result<Args, String> {
        parse_args(&s.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn usage_errors_are_reported() {
        assert!(args("").is_err());
        assert!(args("frobnicate x").is_err());
        assert!(args("parse").is_err());
        assert!(args("parse --format xml a.txt").is_err());
        assert!(args("eval a.txt").is_err());
        assert!(matches!(args("parse --help"), Err(m) if m.is_empty()));
    }

    #[test]
    fn options_are_read() {
        let a = args("parse --format csv --codebook cb.json a.txt b.txt").unwrap();
        assert_eq!(a.format, OutputFormat::Csv);
        assert_eq!(a.files.len(), 2);
        assert_eq!(a.codebook, Some(PathBuf::from("cb.json")));
    }
}
