from hai_cli.cli import main

main()
