from gt_validator.cli import main

raise SystemExit(main())
