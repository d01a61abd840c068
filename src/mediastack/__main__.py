from mediastack.cli import main

main()
