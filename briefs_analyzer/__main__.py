from briefs_analyzer.cli import run

run()
