from alpsatellites.cli import main

main()
