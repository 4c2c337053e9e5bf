from gt_validator.cli.main import main

raise SystemExit(main())
