from slalang.cli.main import main

main()
