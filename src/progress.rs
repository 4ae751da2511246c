//! The live progress line on stderr while many pages are fetched. This is
//! the only module that knows indicatif.
//!
//! Cost when off: no bar exists at all, so a page costs one branch. When
//! on, nothing is drawn until the second page, so a one-page listing never
//! flashes a line; indicatif limits redraws to its refresh rate whatever
//! the page rate.

use std::time::{Duration, Instant};

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// From this page on the line is shown.
const FIRST_SHOWN_PAGE: usize = 2;

pub struct Progress {
    enabled: bool,
    started: Instant,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `enabled` is settled by the settings stage (terminal, `--debug`,
    /// `--no-progress`); the clock starts now so the elapsed time counts
    /// the first page too.
    pub fn new(enabled: bool) -> Progress {
        Progress {
            enabled,
            started: Instant::now(),
            bar: None,
        }
    }

    /// Reports that `pages` pages holding `jobs` jobs have arrived.
    pub fn page(&mut self, pages: usize, jobs: usize) {
        if !self.enabled || pages < FIRST_SHOWN_PAGE {
            return;
        }
        let started = self.started;
        let bar = self.bar.get_or_insert_with(|| start(started));
        // One update, so no frame can show this page's count with the last
        // page's jobs.
        let jobs = HumanCount(u64::try_from(jobs).unwrap_or(u64::MAX));
        bar.set_message(format!("{pages} pages, {jobs} jobs so far"));
    }

    /// Erases the line; call before anything else is written.
    pub fn clear(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Errors and Ctrl-C drop the run without reaching `clear`; the line must
/// still go before the message is printed.
impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

fn start(started: Instant) -> ProgressBar {
    let style = ProgressStyle::with_template("{spinner} {msg}, {elapsed} elapsed")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        .with_style(style)
        .with_elapsed(started.elapsed())
        .with_finish(ProgressFinish::AndClear);
    // Keeps the spinner and the clock moving while a slow page is awaited.
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_made_when_off_or_before_the_second_page() {
        let mut off = Progress::new(false);
        off.page(5, 50);
        assert!(off.bar.is_none());
        let mut on = Progress::new(true);
        on.page(1, 10);
        assert!(on.bar.is_none());
    }
}
