from presslens.cli.main import cli

cli()
