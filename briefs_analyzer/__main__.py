from briefs_analyzer.start import run

run()
